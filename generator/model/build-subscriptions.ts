/**
 * Links each subscription to every declared event (of any service) whose
 * topic its pattern matches. A pattern that matches nothing is almost always
 * a typo, so it is an error rather than a subscription that never fires.
 */
import type { EventRef, ServiceModel, SubscriptionModel } from './types.js';
import { compare, type IssueList } from '../load/issues.js';
import type { SchemaDocument } from '../load/documents.js';
import { joinPointer } from '../resolve/pointer.js';
import { isSchemaObject } from '../resolve/subschemas.js';
import { topicMatches } from './build-topics.js';

export interface DeclaredEvent extends EventRef {
  readonly topic: string;
}

/**
 * Every event of every parsed service file, read defensively: a service that
 * breaks the meta-schema elsewhere still declares its events, and ignoring
 * them would add false "matches nothing" errors to the real ones.
 */
export function declaredEvents(docs: ReadonlyArray<SchemaDocument>): DeclaredEvent[] {
  const events: DeclaredEvent[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'service' || !isSchemaObject(doc.value) || typeof doc.value.service !== 'string') continue;
    const declared = isSchemaObject(doc.value.events) ? doc.value.events : {};
    for (const [event, spec] of Object.entries(declared)) {
      if (isSchemaObject(spec) && typeof spec.topic === 'string') events.push({ service: doc.value.service, event, topic: spec.topic });
    }
  }
  return events;
}

export function linkSubscriptions(services: ReadonlyArray<ServiceModel>, events: ReadonlyArray<DeclaredEvent>, issues: IssueList): ServiceModel[] {
  return services.map((service) => ({
    ...service,
    subscriptions: service.subscriptions.map((subscription): SubscriptionModel => {
      const matched = events
        .filter((e) => topicMatches(subscription.pattern, e.topic))
        .map((e): EventRef => ({ service: e.service, event: e.event }))
        .sort((a, b) => compare(a.service, b.service) || compare(a.event, b.event));
      if (matched.length === 0) {
        issues.add('SCHEMA_UNMATCHED_PATTERN', subscription.source.file, joinPointer(subscription.source.pointer, 'pattern'), unmatched(subscription.pattern, events));
      }
      return { ...subscription, events: matched };
    }),
  }));
}

function unmatched(pattern: string, events: ReadonlyArray<DeclaredEvent>): string {
  const topics = [...new Set(events.map((e) => e.topic))].sort();
  const known = topics.length === 0 ? 'no events are declared' : `declared topics: ${topics.slice(0, 10).join(', ')}${topics.length > 10 ? ', …' : ''}`;
  return `pattern ${JSON.stringify(pattern)} matches no declared event (${known})`;
}
