/**
 * What the bus does with an envelope on one topic, worked out once per topic
 * (and cached by the matcher) so that publishing neither sorts nor groups.
 */
import { compareRoutes, type Route } from './route.js';

/**
 * One position in the dispatch order: a plain route (one member), or the members
 * of a queue group that match the topic, of which exactly one receives each envelope.
 */
export type Slot = readonly Route[];

export interface DispatchPlan {
  /** In dispatch order; a queue group sits where its highest-priority member would. */
  readonly slots: readonly Slot[];
}

const EMPTY_PLAN: DispatchPlan = { slots: [] };

export function buildPlan(matches: Route[]): DispatchPlan {
  if (matches.length === 0) return EMPTY_PLAN;
  matches.sort(compareRoutes);
  const slots: Route[][] = [];
  let groups: Map<string, Route[]> | undefined;
  for (const route of matches) {
    if (route.queue === undefined) {
      slots.push([route]);
      continue;
    }
    groups ??= new Map();
    const members = groups.get(route.queue);
    if (members !== undefined) {
      members.push(route);
    } else {
      const group = [route];
      groups.set(route.queue, group);
      slots.push(group);
    }
  }
  return { slots };
}

/**
 * The route that receives the envelope for this slot, or undefined when none is
 * deliverable. In a group it is the least recently served member, which is
 * round-robin for a fixed set and stays fair when members join, leave, are
 * disabled, or when two topics match overlapping members. Ties go to dispatch order.
 */
export function pickRoute(slot: Slot): Route | undefined {
  if (slot.length === 1) {
    const only = slot[0]!;
    return only.deliverable ? only : undefined;
  }
  let chosen: Route | undefined;
  for (let i = 0; i < slot.length; i++) {
    const member = slot[i]!;
    if (member.deliverable && (chosen === undefined || member.lastServed < chosen.lastServed)) chosen = member;
  }
  return chosen;
}

export function planHasDeliverableRoute(plan: DispatchPlan): boolean {
  return plan.slots.some((slot) => slot.some((route) => route.deliverable));
}
