/**
 * What the network benchmarks send: a telemetry reading of exactly 100 bytes
 * encoded (the example domain's high-volume event), and the example order
 * (bench/fixtures.ts). The raw baselines send the very bytes typewire's codec
 * makes for the same value, so both sides move the same payload; typewire's
 * frames add its envelope, which is part of what it costs.
 */
import { PlaceOrderRequestMessage, type PlaceOrderRequest } from '../../generated/messages/place-order-request.js';
import type { TelemetryReading } from '../../generated/messages/telemetry-reading.js';
import { TelemetryEngineTemperatureEvent } from '../../generated/events/telemetry.js';
import type { EventDescriptor } from '../../runtime/descriptors.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { placeOrderRequest } from '../fixtures.js';

export const SMALL_PAYLOAD_BYTES = 100;

/** The example schemas declare no event that carries a whole order; the benchmark declares one, as a service author would. */
export const ORDER_SUBMITTED_EVENT: EventDescriptor<PlaceOrderRequest> = {
  name: 'orderSubmitted',
  service: 'bench',
  topic: 'bench.order.submitted',
  payload: PlaceOrderRequestMessage,
};

export const TELEMETRY_EVENT = TelemetryEngineTemperatureEvent;

/** A reading whose msgpack encoding is exactly `bytes` long (the sensor's raw frame takes up the slack). */
export function telemetryReading(bytes = SMALL_PAYLOAD_BYTES): TelemetryReading {
  const make = (rawLength: number): TelemetryReading => ({
    deviceId: 'engine-07',
    value: 81.25,
    unit: 'celsius',
    at: 1_718_000_000_123_456_789n,
    raw: new Uint8Array(rawLength).fill(0x5a),
  });
  const overhead = TELEMETRY_EVENT.payload.msgpack.encode(make(0)).byteLength;
  // A msgpack bin grows its length header at 256 bytes; below that one pass is exact.
  const reading = make(Math.max(0, bytes - overhead));
  const size = TELEMETRY_EVENT.payload.msgpack.encode(reading).byteLength;
  if (size !== bytes) throw typewireError('INTERNAL_UNEXPECTED', `network benchmark: a telemetry reading encodes to ${size} bytes, not ${bytes}`);
  return reading;
}

export function exampleOrder(): PlaceOrderRequest {
  return placeOrderRequest();
}

/** The bytes typewire's msgpack codec makes for a payload: what the raw baseline sends instead. */
export function encodedPayload<T>(event: EventDescriptor<T>, payload: T): Uint8Array {
  return event.payload.msgpack.encode(payload);
}
