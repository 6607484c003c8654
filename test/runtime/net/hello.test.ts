import { describe, expect, it } from 'vitest';
import { encodeUntyped } from '../../../runtime/codec/untyped-codec.js';
import { TypewireError } from '../../../runtime/errors/typewire-error.js';
import { compareFingerprints, fingerprintsOf } from '../../../runtime/net/fingerprints.js';
import { decodeHello, encodeHello, PROTOCOL_VERSION, type ClientHello } from '../../../runtime/net/hello.js';
import { FRAME_HELLO } from '../../../runtime/transport/frame-kinds.js';
import { routes } from '../../../generated/index.js';
import { randomBytes, seededRandom } from '../transport/random.js';

const hello: ClientHello = {
  role: 'client',
  protocol: PROTOCOL_VERSION,
  codec: 'json',
  clientId: 'c-1',
  token: 'secret',
  fingerprints: new Map([
    ['A', 'fa'],
    ['__proto__', 'fp'],
    ['constructor', 'fc'],
  ]),
};

function thrown(fn: () => unknown): TypewireError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypewireError);
    return error as TypewireError;
  }
  throw new Error('expected a TypewireError');
}

const body = (value: unknown): Uint8Array => encodeUntyped(value);

describe('HELLO', () => {
  it('round-trips, keeping __proto__ and constructor as plain message names', () => {
    const frame = encodeHello(hello);
    expect(frame[0]).toBe(FRAME_HELLO);
    const decoded = decodeHello(frame.subarray(1), 'client');
    expect(decoded).toEqual(hello);
    expect(decoded.fingerprints.get('__proto__')).toBe('fp');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['A']).toBeUndefined();
  });

  it('refuses another protocol version first, naming both versions', () => {
    const error = thrown(() => decodeHello(body({ protocol: 2, role: 'client' }), 'client'));
    expect(error.code).toBe('TRANSPORT_PROTOCOL');
    expect(error.details).toEqual({ reason: 'version', expected: 1, received: 2 });
  });

  it.each([
    ['not a map', [1, 2]],
    ['a wrong role', { protocol: 1, role: 'server', codec: 'msgpack', clientId: 'x', fingerprints: [] }],
    ['an unknown codec', { protocol: 1, role: 'client', codec: 'xml', clientId: 'x', fingerprints: [] }],
    ['a numeric client id', { protocol: 1, role: 'client', codec: 'msgpack', clientId: 5, fingerprints: [] }],
    ['a huge client id', { protocol: 1, role: 'client', codec: 'msgpack', clientId: 'x'.repeat(300), fingerprints: [] }],
    ['fingerprints as a map', { protocol: 1, role: 'client', codec: 'msgpack', clientId: 'x', fingerprints: { A: 'a' } }],
    ['a numeric fingerprint', { protocol: 1, role: 'client', codec: 'msgpack', clientId: 'x', fingerprints: [['A', 1]] }],
    ['a non-string token', { protocol: 1, role: 'client', codec: 'msgpack', clientId: 'x', fingerprints: [], token: 7 }],
  ])('refuses %s with a coded malformed-hello error', (_, value) => {
    const error = thrown(() => decodeHello(body(value), 'client'));
    expect([error.code, (error.details as { reason: string }).reason]).toEqual(['TRANSPORT_PROTOCOL', 'malformed-hello']);
  });

  it('checks the server HELLO numbers', () => {
    const server = { protocol: 1, role: 'server', codec: 'msgpack', sessionId: 's', fingerprints: [], heartbeatMs: 10, idleTimeoutMs: 0, maxFrameBytes: 5 };
    expect(thrown(() => decodeHello(body(server), 'server')).message).toContain('idleTimeoutMs');
    expect(decodeHello(body({ ...server, idleTimeoutMs: 30 }), 'server').idleTimeoutMs).toBe(30);
  });

  it('survives 100,000 random bodies with only coded errors', () => {
    const random = seededRandom(7);
    let accepted = 0;
    const valid = encodeHello(hello).subarray(1);
    for (let i = 0; i < 100_000; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) {
        input = randomBytes(random, (random() * 40) | 0);
      } else {
        // Mutations of a valid HELLO reach deeper than noise.
        input = valid.slice();
        for (let m = 0; m < 1 + ((random() * 3) | 0); m++) input[(random() * input.length) | 0] = (random() * 256) | 0;
      }
      try {
        decodeHello(input, 'client');
        accepted++;
      } catch (error) {
        if (!(error instanceof TypewireError) || !['TRANSPORT_PROTOCOL', 'SERIALIZATION_DECODE_FAILED', 'SERIALIZATION_TOO_LARGE'].includes(error.code)) throw error;
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('fingerprints', () => {
  it('reads one per message from a route table', () => {
    const fps = fingerprintsOf(routes);
    expect(fps.get('PlaceOrderRequest')).toMatch(/^[0-9a-f]{64}$/);
    expect(fps.size).toBe(new Set(routes.map((r) => r.message.name)).size);
  });

  it('names the messages both sides know with different fingerprints, and only those', () => {
    const local = new Map([
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
    const remote = new Map([
      ['C', '9'],
      ['A', '1'],
      ['B', '8'],
      ['D', '4'],
    ]);
    expect(compareFingerprints(local, remote)).toEqual([
      { message: 'B', local: '2', remote: '8' },
      { message: 'C', local: '3', remote: '9' },
    ]);
  });
});
