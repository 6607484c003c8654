/**
 * Named sets of sessions (chat rooms, tenants): join, leave, list, and the
 * server broadcasts to one. A session leaves every group when it disconnects;
 * an empty group disappears.
 */
import type { EventDescriptor } from '../descriptors.js';
import { TypewireError } from '../errors/typewire-error.js';
import type { BroadcastOptions, ServerGroups } from './server-api.js';
import type { SessionImpl } from './session.js';

type SendToAll = <T>(targets: Iterable<SessionImpl>, event: EventDescriptor<T> | string, payload: T, options: BroadcastOptions) => number;

export class Groups {
  private readonly members = new Map<string, Set<SessionImpl>>();

  join(group: string, session: SessionImpl): void {
    let set = this.members.get(group);
    if (!set) this.members.set(group, (set = new Set()));
    set.add(session);
    session.groups.add(group);
  }

  leave(group: string, session: SessionImpl): void {
    const set = this.members.get(group);
    session.groups.delete(group);
    if (!set) return;
    set.delete(session);
    if (set.size === 0) this.members.delete(group);
  }

  leaveAll(session: SessionImpl): void {
    for (const group of [...session.groups]) this.leave(group, session);
  }

  sessions(group: string): ReadonlySet<SessionImpl> {
    return this.members.get(group) ?? new Set();
  }

  names(): string[] {
    return [...this.members.keys()].sort();
  }
}

/** The server's `groups` property: the table, addressed by session id. */
export function groupsApi(table: Groups, sessions: ReadonlyMap<string, SessionImpl>, send: SendToAll): ServerGroups {
  const find = (sessionId: string): SessionImpl => {
    const session = sessions.get(sessionId);
    if (!session) throw new TypewireError('VALIDATION_BAD_ARGUMENT', `no session ${sessionId}`, { details: { sessionId } });
    return session;
  };
  return {
    join: (group, sessionId) => table.join(group, find(sessionId)),
    leave: (group, sessionId) => {
      const session = sessions.get(sessionId);
      if (session) table.leave(group, session);
    },
    members: (group) => [...table.sessions(group)],
    list: () => table.names(),
    broadcast: (group, event, payload, options = {}) => send(table.sessions(group), event, payload, options),
  };
}
