/**
 * The admin endpoint for one runtime: `/metrics` from the runtime's
 * RuntimeMetrics, `/healthz`, and `/readyz` that answers "ready" while the
 * runtime is open (from creation until `close()` is called) and the
 * application's own check, if any, agrees.
 */
import { TypewireError } from '../../errors/typewire-error.js';
import type { Runtime } from '../../runtime.js';
import { startAdminServer, type AdminServer, type AdminServerOptions } from '../metrics/admin-server.js';

/** startAdminServer's options; the metrics come from the runtime. */
export type RuntimeAdminOptions = Omit<AdminServerOptions, 'metrics'>;

/**
 * Serves `runtime`'s metrics and readiness over HTTP (see startAdminServer for
 * ports, hosts and extra routes). Throws VALIDATION_BAD_ARGUMENT when the
 * runtime was created without `metrics`.
 */
export function startRuntimeAdmin(runtime: Runtime, options: RuntimeAdminOptions = {}): Promise<AdminServer> {
  const metrics = runtime.metrics;
  if (metrics === undefined) {
    return Promise.reject(
      new TypewireError('VALIDATION_BAD_ARGUMENT', 'startRuntimeAdmin: the runtime has no metrics; create it with createRuntime({ metrics: new RuntimeMetrics() })'),
    );
  }
  const ready = options.ready;
  return startAdminServer({
    ...options,
    metrics,
    ready: ready === undefined ? () => !runtime.closed : async () => !runtime.closed && (await ready()),
  });
}
