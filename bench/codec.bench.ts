/**
 * Codec round trip (encode + decode) of a PlaceOrderRequest: the typewire
 * msgpack codec vs JSON vs plain msgpackr, plus each one's encoded size.
 *
 * The JSON baseline is what a hand-rolled service does: JSON.stringify with a
 * replacer (bigint cannot be stringified otherwise), bytes via TextEncoder
 * (wire bytes are bytes), then TextDecoder and JSON.parse. It does not turn the
 * price strings back into bigint, which a real service would have to do: that
 * favours the baseline, so a met target is a conservative one.
 */
import { isDeepStrictEqual } from 'node:util';
import { pack, unpack } from 'msgpackr';
import { PlaceOrderRequestMessage } from '../generated/messages/place-order-request.js';
import { typewireError } from '../runtime/errors/typewire-error.js';
import { placeOrderRequest } from './fixtures.js';
import type { BenchSuite } from './harness/types.js';

const bigintAsString = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

export function createCodecSuite(): BenchSuite {
  const order = placeOrderRequest();
  const codec = PlaceOrderRequestMessage.msgpack;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const jsonRoundTrip = (): unknown => JSON.parse(decoder.decode(encoder.encode(JSON.stringify(order, bigintAsString))));
  const msgpackrRoundTrip = (): unknown => unpack(pack(order));
  const typewireRoundTrip = (): unknown => codec.decode(codec.encode(order));

  // A fast codec that loses data would be a meaningless winner.
  const back = typewireRoundTrip();
  if (!isDeepStrictEqual(back, order)) {
    throw typewireError('INTERNAL_UNEXPECTED', 'codec benchmark: the typewire msgpack codec does not round-trip the order', {
      details: { expected: order, actual: back },
    });
  }

  const json = 'codec: JSON stringify+parse (TextEncoder/Decoder)';
  return {
    name: 'codec',
    description: 'PlaceOrderRequest (3 lines, int64 prices) encode + decode',
    cases: [
      { name: json, op: jsonRoundTrip, bytes: encoder.encode(JSON.stringify(order, bigintAsString)).length },
      { name: 'codec: msgpackr pack+unpack (defaults)', baseline: json, op: msgpackrRoundTrip, bytes: pack(order).length },
      { name: 'codec: typewire msgpack', baseline: json, op: typewireRoundTrip, bytes: codec.encode(order).length },
    ],
    targets: [
      { name: 'codec: typewire msgpack', metric: 'ops_per_sec', target: 3 },
      { name: 'codec: typewire msgpack', metric: 'bytes', target: 1 },
    ],
  };
}
