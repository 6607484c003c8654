/**
 * The route table of the services a host serves, built from their
 * descriptors. The server's handshake sends these fingerprints, so a client
 * built from different schemas is refused by name instead of failing one
 * payload at a time.
 */
import type { Route, RouteTable, ServiceDescriptor } from '../../runtime/descriptors.js';

export function routesOf(services: ReadonlyArray<ServiceDescriptor>): RouteTable {
  const routes: Route[] = [];
  for (const s of services) {
    for (const m of Object.values(s.methods)) {
      routes.push({ subject: m.subject, kind: 'request', service: s.name, name: m.name, message: m.request });
      routes.push({ subject: m.subject, kind: 'response', service: s.name, name: m.name, message: m.response });
    }
    for (const e of Object.values(s.events)) routes.push({ subject: e.topic, kind: 'event', service: s.name, name: e.name, message: e.payload });
    for (const q of Object.values(s.queues)) routes.push({ subject: q.subject, kind: 'queue', service: s.name, name: q.name, message: q.message });
  }
  return routes;
}
