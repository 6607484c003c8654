/**
 * typewire over WebSocket for the scenarios: a server on a free loopback
 * port and clients that do not reconnect (a lost connection should fail the
 * benchmark, not be papered over by a retry). Compression stays off, its
 * default.
 */
import { connectWs, createWsServer } from '../../runtime/net/ws/ws.js';
import type { TypewireEngine } from './engines.js';

export const typewireWs: TypewireEngine = {
  name: 'ws',
  async serve(runtime) {
    const server = await createWsServer(runtime, { port: 0, host: '127.0.0.1' });
    return { port: server.port ?? 0, server, close: () => server.terminate() };
  },
  connect(runtime, port) {
    return connectWs(runtime, { host: '127.0.0.1', port, reconnect: false });
  },
};
