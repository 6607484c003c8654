/**
 * Checks across service definitions: unique service names, one owner per
 * subject (method subjects, event topics and queue subjects share one bus),
 * and dead-letter queues that exist.
 */
import type { ServiceModel } from './types.js';
import type { IssueList } from '../load/issues.js';
import { typeName } from '../naming/names.js';
import { joinPointer } from '../resolve/pointer.js';
import { didYouMean } from '../resolve/suggest.js';

/** `services` must be sorted (by name, then file) so "already used by" always names the same one. */
export function checkServices(services: ReadonlyArray<ServiceModel>, issues: IssueList): void {
  const serviceNames = new Map<string, ServiceModel>();
  const subjects = new Map<string, string>();
  for (const service of services) {
    const type = typeName(service.name);
    const previous = serviceNames.get(type);
    if (previous !== undefined) {
      const why = previous.name === service.name ? '' : ` (both generate ${type})`;
      issues.add('SCHEMA_DUPLICATE_NAME', service.source.file, '/service',
        `service "${service.name}" clashes with service "${previous.name}" in ${previous.source.file}${why}`);
    } else serviceNames.set(type, service);

    const claim = (subject: string, owner: string, file: string, pointer: string): void => {
      const first = subjects.get(subject);
      if (first === undefined) subjects.set(subject, `${owner} (${file})`);
      else issues.add('SCHEMA_DUPLICATE_NAME', file, pointer, `subject "${subject}" of ${owner} is already used by ${first}`);
    };
    for (const m of service.methods) claim(m.subject, `method ${service.name}.${m.name}`, m.source.file, m.source.pointer);
    for (const e of service.events) claim(e.topic, `event ${service.name}.${e.name}`, e.source.file, joinPointer(e.source.pointer, 'topic'));
    for (const q of service.queues) claim(q.subject, `queue ${service.name}.${q.name}`, q.source.file, q.source.pointer);

    const queues = service.queues.map((q) => q.name);
    for (const q of service.queues) {
      if (q.deadLetter === undefined) continue;
      const at = joinPointer(q.source.pointer, 'deadLetter');
      if (q.deadLetter === q.name) issues.add('SCHEMA_BAD_REF', q.source.file, at, `queue "${q.name}" cannot be its own dead-letter queue`);
      else if (!queues.includes(q.deadLetter)) {
        issues.add('SCHEMA_BAD_REF', q.source.file, at,
          `dead-letter queue "${q.deadLetter}" is not a queue of service "${service.name}"${didYouMean(q.deadLetter, queues)}`);
      }
    }
  }
}
