/**
 * Finds emitted names and paths that would collide before anything is
 * emitted, and reports each in the user's terms (which titles or names clash),
 * so a collision is a schema issue rather than a TypeScript error later.
 */
import type { SchemaIssue, SchemaModel } from '../model/types.js';
import {
  CLIENT_RESERVED_MEMBERS,
  eventConstName,
  eventsPath,
  messageDescriptorName,
  messageTypePath,
  methodErrorTypeName,
  NameScope,
  propertyName,
  serviceNames,
  servicePath,
  validatorName,
  type NameCollision,
  type NameOwner,
} from '../naming/names.js';

function issuesOf(collisions: ReadonlyArray<NameCollision>, kind: string): SchemaIssue[] {
  return collisions.map((collision) => {
    const [first, ...others] = collision.owners;
    const clash = others.map((o) => `${o.what} (${o.file}#${o.pointer})`).join(', ');
    return {
      code: 'SCHEMA_DUPLICATE_NAME',
      file: first!.file,
      pointer: first!.pointer,
      message: `${first!.what} and ${clash} would both be emitted as ${kind} "${collision.name}"; rename one`,
    };
  });
}

export function checkNames(model: SchemaModel): SchemaIssue[] {
  // Generated files: compared without case, for case-insensitive file systems.
  const files = new NameScope((name) => name.toLowerCase());
  for (const m of model.messages) files.claim(messageTypePath(m.name), { ...m.source, what: `message "${m.name}"` });
  for (const s of model.services) {
    files.claim(servicePath(s.name), { ...s.source, what: `service "${s.name}"` });
    files.claim(eventsPath(s.name), { ...s.source, what: `service "${s.name}"` });
  }
  const issues = issuesOf(files.collisions(), 'the file');

  // Names exported from the generated index (the same list index-file.ts exports).
  const exported = new NameScope();
  exported.claim('routes', { file: '', pointer: '', what: 'the route table' });
  for (const m of model.messages) {
    const owner = { ...m.source, what: `message "${m.name}"` };
    for (const name of [m.name, messageDescriptorName(m.name), validatorName(m.name)]) exported.claim(name, owner);
  }
  for (const s of model.services) {
    const names = serviceNames(s.name);
    const owner = { ...s.source, what: `service "${s.name}"` };
    for (const name of [names.descriptor, names.client, names.createClient, names.handlers, names.define]) exported.claim(name, owner);
    for (const m of s.methods) {
      if (m.errors.length > 0) exported.claim(methodErrorTypeName(s.name, m.name), { ...m.source, what: `method "${m.name}" of service "${s.name}"` });
    }
    for (const e of s.events) exported.claim(eventConstName(s.name, e.name), { ...e.source, what: `event "${e.name}" of service "${s.name}"` });
  }
  issues.push(...issuesOf(exported.collisions(), 'the exported name'));

  // Members of each service's descriptor, client and handlers.
  for (const s of model.services) {
    const reserved: NameOwner = { ...s.source, what: 'typewire' };
    const methods = new NameScope();
    for (const name of CLIENT_RESERVED_MEMBERS) methods.claim(name, { ...reserved, what: `the client's "${name}" member` });
    for (const m of s.methods) methods.claim(propertyName(m.name), { ...m.source, what: `method "${m.name}" of service "${s.name}"` });
    issues.push(...issuesOf(methods.collisions(), 'the member'));
    for (const [kind, items] of [['event', s.events], ['subscription', s.subscriptions], ['queue', s.queues]] as const) {
      const scope = new NameScope();
      for (const item of items) scope.claim(propertyName(item.name), { ...item.source, what: `${kind} "${item.name}" of service "${s.name}"` });
      issues.push(...issuesOf(scope.collisions(), `the ${kind} key`));
    }
  }
  return issues;
}
