/**
 * typewire over TCP for the scenarios: a server on a free loopback port and
 * clients that do not reconnect (a lost connection should fail the
 * benchmark, not be papered over by a retry).
 */
import { connect, createServer } from '../../runtime/net/tcp/tcp.js';
import type { TypewireEngine } from './engines.js';

export const typewireTcp: TypewireEngine = {
  name: 'tcp',
  async serve(runtime) {
    const server = await createServer(runtime, { port: 0, host: '127.0.0.1' });
    return { port: server.port ?? 0, server, close: () => server.terminate() };
  },
  connect(runtime, port) {
    return connect(runtime, { host: '127.0.0.1', port, reconnect: false });
  },
};
