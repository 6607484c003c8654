/**
 * The entry generated code calls once per message type, at import time.
 * Everything expensive (msgpackr structures, special-path tries) is built
 * here, once; encoding and decoding a message only runs the prepared code.
 */
import type { MessageDescriptor, MessageSpec } from '../descriptors.js';
import { createJsonCodec } from './json-codec.js';
import { createMsgpackCodec } from './msgpack-codec.js';

export function defineMessage<T>(spec: MessageSpec): MessageDescriptor<T> {
  return Object.freeze({
    ...spec,
    msgpack: createMsgpackCodec<T>(spec),
    json: createJsonCodec<T>(spec),
  });
}
