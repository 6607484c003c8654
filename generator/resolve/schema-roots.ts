/**
 * The places in the loaded files where a JSON Schema starts: the root of each
 * message file, and each request/response/details/payload/message slot of a
 * service. Every later stage (ref index, keyword checks, messages) starts here.
 */
import type { Draft } from '../model/types.js';
import type { SchemaDocument } from '../load/documents.js';
import type { IssueList } from '../load/issues.js';
import { typeName } from '../naming/names.js';
import { DEFAULT_DRAFT, detectDraft } from './draft.js';
import { joinPointer } from './pointer.js';
import { isSchemaObject } from './subschemas.js';

/** Which service slot a schema root fills, and the message name used when it has no title. */
export interface ServiceSlot {
  readonly service: string;
  readonly derivedName: string;
}

export interface SchemaRoot {
  readonly file: string;
  readonly pointer: string;
  readonly draft: Draft;
  readonly value: unknown;
  /** Set for schemas inside service files. */
  readonly slot?: ServiceSlot;
}

export function findSchemaRoots(docs: ReadonlyArray<SchemaDocument>, issues: IssueList): SchemaRoot[] {
  const roots: SchemaRoot[] = [];
  for (const doc of docs) {
    if (doc.kind === 'message') {
      if (!isSchemaObject(doc.value)) continue; // reported when messages are built
      roots.push({ file: doc.file, pointer: '', draft: draftOf(doc.value, doc.file, '', issues), value: doc.value });
    } else {
      for (const slot of serviceSlots(doc)) {
        roots.push({ ...slot, file: doc.file, draft: draftOf(slot.value, doc.file, slot.pointer, issues) });
      }
    }
  }
  return roots;
}

function draftOf(value: unknown, file: string, pointer: string, issues: IssueList): Draft {
  const detected = detectDraft(value);
  if (detected.ok) return detected.draft;
  issues.add('SCHEMA_INVALID', file, joinPointer(pointer, '$schema'), detected.message);
  return DEFAULT_DRAFT;
}

interface Slot {
  readonly pointer: string;
  readonly value: unknown;
  readonly slot: ServiceSlot;
}

/**
 * Reads slots defensively (the file may break the meta-schema, which is
 * reported elsewhere) so the schemas inside are still checked in the same run.
 */
function serviceSlots(doc: SchemaDocument): Slot[] {
  if (!isSchemaObject(doc.value)) return [];
  const service = typeof doc.value.service === 'string' ? doc.value.service : (doc.file.split('/').pop() ?? '').split('.')[0] ?? '';
  const slots: Slot[] = [];
  const add = (pointer: string, value: unknown, derived: string): void => {
    if (isSchemaObject(value)) slots.push({ pointer, value, slot: { service, derivedName: typeName(derived) } });
  };
  for (const [method, spec] of entries(doc.value.methods)) {
    const at = joinPointer('/methods', method);
    add(joinPointer(at, 'request'), spec.request, `${service} ${method} Request`);
    add(joinPointer(at, 'response'), spec.response, `${service} ${method} Response`);
    for (const [code, error] of entries(spec.errors)) {
      // UPPER_SNAKE codes read better as words: OUT_OF_STOCK → OutOfStock.
      add(joinPointer(at, 'errors', code, 'details'), error.details, `${method} ${code.toLowerCase()} Details`);
    }
  }
  for (const [event, spec] of entries(doc.value.events)) {
    add(joinPointer('/events', event, 'payload'), spec.payload, `${service} ${event} Payload`);
  }
  for (const [queue, spec] of entries(doc.value.queues)) {
    add(joinPointer('/queues', queue, 'message'), spec.message, `${queue} Message`);
  }
  return slots;
}

function entries(value: unknown): Array<[string, Readonly<Record<string, unknown>>]> {
  if (!isSchemaObject(value)) return [];
  return Object.entries(value).filter((e): e is [string, Readonly<Record<string, unknown>>] => isSchemaObject(e[1]));
}
