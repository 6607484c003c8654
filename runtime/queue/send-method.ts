/**
 * A queue send travels as a request to the queue's subject, answered by the
 * runtime hosting the queue once it accepted the message. These are the
 * method descriptor that request uses and the acknowledgement it gets back.
 */
import { defineMessage } from '../codec/define-message.js';
import type { MessageDescriptor, MethodDescriptor, QueueDescriptor } from '../descriptors.js';
import type { SendResult } from '../rpc/types.js';

/** The payload of a send's acknowledgement (`typewire.QueueSendAck` in the AsyncAPI document). */
export type SendAck = SendResult;

const acceptAll = Object.assign((_: unknown) => true, { errors: null });

export const SEND_ACK: MessageDescriptor<SendAck> = defineMessage<SendAck>({
  name: 'QueueSendAck',
  schemaId: 'typewire:queue-send-ack',
  fingerprint: 'queue-send-ack-v1',
  validate: acceptAll,
  structures: [['duplicate']],
  special: { int64: [], bytes: [] },
});

/** How long a producer waits for the acknowledgement (a durable one waits for a commit). */
const SEND_TIMEOUT_MS = 30_000;

/** The request a send makes to `queue.subject`. */
export function sendMethodOf<T>(queue: QueueDescriptor<T>): MethodDescriptor<T, SendAck> {
  return {
    name: 'send',
    service: queue.service,
    subject: queue.subject,
    request: queue.message,
    response: SEND_ACK,
    errors: {},
    timeoutMs: SEND_TIMEOUT_MS,
  };
}
