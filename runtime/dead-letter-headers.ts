/**
 * The headers a dead letter reaches its dead-letter queue's consumers with,
 * the same whether the queue lives in memory or in a durable store, so a
 * handler reads why a message died without knowing where it was kept.
 */
export interface DeadLetterFacts {
  /** 'max-retries', 'expired' or 'rejected'. */
  readonly reason: string;
  /** Deliveries made before it died. */
  readonly attempts: number;
  /** The queue it died in. */
  readonly origin: string;
  /** The last failure, when one caused it. */
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

export function deadLetterHeaders(headers: Readonly<Record<string, string>> | undefined, facts: DeadLetterFacts): Record<string, string> {
  return {
    ...headers,
    'typewire-dead-reason': facts.reason,
    'typewire-attempts': String(facts.attempts),
    'typewire-dead-from': facts.origin,
    ...(facts.error ? { 'typewire-error-code': facts.error.code, 'typewire-error-message': facts.error.message } : {}),
  };
}
