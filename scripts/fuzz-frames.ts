/**
 * Long fuzzing runs for the wire decoders: the length-prefix frame decoder,
 * HELLO, ERROR, and a whole Link (every frame kind, envelopes, payloads). The
 * test suite runs 100,000 inputs per decoder; this runs millions.
 *
 *   npx vite-node scripts/fuzz-frames.ts -- --iterations 5000000 --seed 42 --target all
 *   (or, after `npm run build`: node dist/scripts/fuzz-frames.js --iterations ...)
 *
 * Inputs are random bytes and mutations of valid frames (byte flips,
 * truncation, extension, kind swaps), from a seeded generator, so a failure
 * is reproducible from its seed and iteration. Only coded TypewireErrors
 * other than INTERNAL_* are acceptable outcomes; anything else prints the
 * input in hex and exits 1.
 */
import { parseArgs } from 'node:util';
import { encodeEnvelope } from '../runtime/codec/envelope-frame.js';
import { encodeUntyped } from '../runtime/codec/untyped-codec.js';
import { createEnvelope } from '../runtime/envelope.js';
import { TypewireError } from '../runtime/errors/typewire-error.js';
import { decodeHello, encodeHello, PROTOCOL_VERSION } from '../runtime/net/hello.js';
import { createRuntime } from '../runtime/runtime.js';
import { decodeErrorFrame, encodeErrorFrame } from '../runtime/transport/error-frame.js';
import { encodeFrames } from '../runtime/transport/frame-batcher.js';
import { FrameDecoder } from '../runtime/transport/frame-decoder.js';
import { FRAME_PING, FRAME_PONG, FRAME_PUB, FRAME_READY, FRAME_SUB, FRAME_UNSUB, linkFrame } from '../runtime/transport/frame-kinds.js';
import type { Transport } from '../runtime/transport/transport.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000000' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string', default: 'all' },
  },
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);

function seededRandom(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(seed);
const byte = (): number => (random() * 256) | 0;
function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = byte();
  return out;
}

function mutate(valid: Uint8Array): Uint8Array {
  let out = valid.slice();
  for (let m = 1 + ((random() * 4) | 0); m > 0; m--) {
    const op = random();
    if (op < 0.6 && out.length > 0) out[(random() * out.length) | 0] = byte();
    else if (op < 0.8) out = out.subarray(0, (random() * out.length) | 0);
    else {
      const extra = bytes(1 + ((random() * 8) | 0));
      const grown = new Uint8Array(out.length + extra.length);
      grown.set(out);
      grown.set(extra, out.length);
      out = grown;
    }
  }
  return out;
}

function input(valid: ReadonlyArray<Uint8Array>): Uint8Array {
  return random() < 0.3 ? bytes((random() * 64) | 0) : mutate(valid[(random() * valid.length) | 0]!);
}

function acceptable(error: unknown): boolean {
  return error instanceof TypewireError && !error.code.startsWith('INTERNAL');
}

function fail(target: string, i: number, data: Uint8Array, error: unknown): never {
  console.error(`${target}: unexpected failure at iteration ${i} (seed ${seed})\ninput: ${Buffer.from(data).toString('hex')}`);
  console.error(error);
  process.exit(1);
}

type Target = () => { rejected: number };

const helloSeeds = [
  encodeHello({ role: 'client', protocol: PROTOCOL_VERSION, codec: 'msgpack', clientId: 'c', token: 't', fingerprints: new Map([['A', 'x'], ['B', 'y']]) }).subarray(1),
  encodeHello({ role: 'server', protocol: PROTOCOL_VERSION, codec: 'json', sessionId: 's', fingerprints: new Map(), heartbeatMs: 1, idleTimeoutMs: 2, maxFrameBytes: 3 }).subarray(1),
];
const errorSeeds = [encodeErrorFrame(new TypewireError('TRANSPORT_PROTOCOL', 'm', { details: { reason: 'x', list: [1, 'a'] } }), true).subarray(1)];
const envelope = createEnvelope('fuzz.a', undefined, { replyTo: '_INBOX.f', headers: { h: 'v' }, priority: 1 });
const linkSeeds = [
  linkFrame(FRAME_SUB, encodeUntyped([1, 'fuzz.*', null])),
  linkFrame(FRAME_SUB, encodeUntyped([2, '_INBOX.#', 'g'])),
  linkFrame(FRAME_UNSUB, encodeUntyped([1])),
  linkFrame(FRAME_PUB, encodeEnvelope(envelope, encodeUntyped({ a: [1, 2n, 'x'] }), 'msgpack')),
  linkFrame(FRAME_PUB, encodeEnvelope(envelope, new TextEncoder().encode('{"a":1}'), 'json')),
  linkFrame(FRAME_READY, new Uint8Array(0)),
  linkFrame(FRAME_PING, encodeUntyped(4)),
  linkFrame(FRAME_PONG, encodeUntyped(0)),
  encodeErrorFrame(new TypewireError('TRANSPORT_PROTOCOL', 'm'), false),
];

const targets: Record<string, Target> = {
  frame() {
    let rejected = 0;
    const valid = [encodeFrames(linkSeeds, linkSeeds.reduce((n, f) => n + f.length, 0))];
    for (let i = 0; i < iterations; i++) {
      const data = input(valid);
      let out = 0;
      const decoder = new FrameDecoder((f) => (out += f.length + 4), { maxFrameBytes: 256 });
      try {
        const cut = (random() * data.length) | 0;
        decoder.push(data.subarray(0, cut));
        decoder.push(data.subarray(cut));
      } catch (error) {
        if (!(error instanceof TypewireError) || error.code !== 'SERIALIZATION_TOO_LARGE') fail('frame', i, data, error);
        rejected++;
      }
      if (out + decoder.pendingBytes > data.length) fail('frame', i, data, new Error('more bytes out than in'));
    }
    return { rejected };
  },
  hello() {
    let rejected = 0;
    for (let i = 0; i < iterations; i++) {
      const data = input(helloSeeds);
      try {
        decodeHello(data, random() < 0.5 ? 'client' : 'server');
      } catch (error) {
        if (!acceptable(error)) fail('hello', i, data, error);
        rejected++;
      }
    }
    return { rejected };
  },
  error() {
    let rejected = 0;
    for (let i = 0; i < iterations; i++) {
      const data = input(errorSeeds);
      try {
        decodeErrorFrame(data);
      } catch (error) {
        if (!acceptable(error)) fail('error', i, data, error);
        rejected++;
      }
    }
    return { rejected };
  },
  link() {
    let rejected = 0;
    let current: Uint8Array = new Uint8Array(0);
    let index = 0;
    const onError = (error: unknown): void => {
      if (!acceptable(error)) fail('link', index, current, error);
      rejected++;
    };
    const runtime = createRuntime({ onError });
    // A responder, so requests that survive mutation produce replies through the link.
    runtime.bus.subscribe('fuzz.#', (e) => {
      if (e.replyTo) runtime.bus.publish(createEnvelope(e.replyTo, { ok: true }, { correlationId: e.id }));
    });
    let receive: (frame: Uint8Array) => void = () => undefined;
    const transport: Transport = { send: () => undefined, onFrame: (h) => (receive = h), onClose: () => undefined, close: () => undefined, closed: false };
    runtime.attach(transport, { onError });
    for (index = 0; index < iterations; index++) {
      current = input(linkSeeds);
      receive(current);
    }
    void runtime.close();
    return { rejected };
  },
};

process.on('unhandledRejection', (error) => fail('async', -1, new Uint8Array(0), error));
const chosen = values.target === 'all' ? Object.keys(targets) : [values.target!];
for (const name of chosen) {
  const target = targets[name];
  if (!target) throw new Error(`unknown target ${name}; one of ${Object.keys(targets).join(', ')}, all`);
  const started = performance.now();
  const { rejected } = target();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name.padEnd(6)} ${iterations.toLocaleString()} inputs, ${rejected.toLocaleString()} rejected (coded), ${seconds.toFixed(1)} s, ${Math.round(iterations / seconds).toLocaleString()}/s`);
}
