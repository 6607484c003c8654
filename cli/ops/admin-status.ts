/**
 * Reads a running host's `/api/status` (`--admin http://host:port`).
 */
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { HostStatus } from '../host/host-status.js';

export async function fetchStatus(admin: string): Promise<HostStatus> {
  let url: URL;
  try {
    url = new URL('/api/status', admin);
  } catch (cause) {
    throw new TypewireError('VALIDATION_BAD_ARGUMENT', `--admin ${admin} is not a URL (expected http://host:port)`, { cause });
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (cause) {
    throw new TypewireError('TRANSPORT_CLOSED', `cannot reach the admin server at ${url.origin}: ${(cause as Error).message}`, { cause, retryable: true, details: { url: url.href } });
  }
  if (!response.ok) throw new TypewireError('TRANSPORT_PROTOCOL', `${url.href} answered HTTP ${response.status}`, { details: { url: url.href, status: response.status } });
  return (await response.json()) as HostStatus;
}
