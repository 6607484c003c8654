/**
 * The entry generated code calls once per message type, at import time.
 * Everything expensive (record structures, the specialised encoder and
 * decoder, special-path tries) is built here, once; encoding and decoding a
 * message only runs the prepared code.
 *
 * `compiled` carries what the generator can specialise better than the
 * runtime (literal record builders, see record-builders.ts). It is optional:
 * without it the codecs are the same, only decoding is slower.
 */
import type { MessageDescriptor, MessageSpec } from '../descriptors.js';
import { createJsonCodec } from './json-codec.js';
import { createMsgpackCodec } from './msgpack-codec.js';
import type { CompiledShapes } from './record-builders.js';

export function defineMessage<T>(spec: MessageSpec, compiled?: CompiledShapes): MessageDescriptor<T> {
  return Object.freeze({
    ...spec,
    msgpack: createMsgpackCodec<T>(spec, compiled),
    json: createJsonCodec<T>(spec),
  });
}
