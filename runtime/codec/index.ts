/** The codec layer's public names; runtime/index.ts picks from these. */
export { CODEC_IDS, type Codec, type CodecName } from './codec.js';
export { defineMessage } from './define-message.js';
export { createMsgpackCodec } from './msgpack-codec.js';
export { createJsonCodec } from './json-codec.js';
export { encodeEnvelope, decodeEnvelope, FRAME_VERSION, type DecodedFrame } from './envelope-frame.js';
export { encodeUntyped, decodeUntyped } from './untyped-codec.js';
export { configureCodecLimits, getCodecLimits, type DecodeLimits } from './limits.js';
