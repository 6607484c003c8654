import { Flags } from '@oclif/core';
import { dirname, resolve } from 'node:path';
import { TypewireCommand } from '../base-command.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';

export default class Serve extends TypewireCommand {
  static override summary = 'Run the services listed in typewire.yaml: TCP server, queue store, metrics and the monitoring page.';

  static override description = `Loads --config, opens the queue store (queues.store: memory, pglite or
postgres), imports each services[].module (its default export, or an export
named "service", made with a generated define<Name>Service) and serves them in
list order on server.host:server.port over TCP. The admin server on
metrics.host:metrics.port answers /metrics, /healthz, /readyz, the monitoring
page at / and JSON at /api/status. One log line gives the addresses.

logging.level is reloaded when the file changes; other changes are logged as
needing a restart. SIGTERM or SIGINT drains: stop accepting, finish in-flight
requests, close the services in reverse order, the runtime, the store and the
database, then exit 0.

Exit codes: 0 stopped by a signal after draining; 1 the configuration is
invalid (CONFIG_INVALID), a file or module is missing (NOT_FOUND_FILE), the
database is unreachable (PERSISTENCE_UNAVAILABLE) or a port is taken; 2 bad
command line.`;

  static override examples = [
    { description: 'Serve what typewire.yaml lists', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Another file, errors as JSON', command: '<%= config.bin %> <%= command.id %> --config deploy/typewire.yaml --json' },
  ];

  static override flags = {
    config: Flags.string({ char: 'c', description: 'The configuration file', default: 'typewire.yaml' }),
    json: Flags.boolean({ description: 'Print a failure as a JSON object (log lines are JSON unless logging.pretty)', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve).catch(asUsageError);
    // Loaded here, not at the top: oclif imports every command to list them.
    const { watchConfig } = await import('../../runtime/config/watch-config.js');
    const { startHost } = await import('../host/start-host.js');
    const { applyReload } = await import('../host/reload-logging.js');
    const file = resolve(flags.config);
    let onChange: Parameters<typeof watchConfig>[1] = () => {};
    let logger: { error(fields: object, message: string): void } | undefined;
    // A refused reload (bad file) keeps the running configuration; it is only reported.
    const watcher = await watchConfig(file, (reload) => onChange(reload), {
      onError: (error) => (logger ? logger.error({ err: error }, `typewire config: ${error.code}: ${error.message}`) : this.printError(`typewire config: ${error.code}: ${error.message}`)),
    });
    let host: Awaited<ReturnType<typeof startHost>>;
    try {
      host = await startHost({ config: watcher.config, baseDir: dirname(file) });
    } catch (error) {
      watcher.close();
      throw error;
    }
    logger = host.logger;
    onChange = (reload) => applyReload(host.logger, reload);
    const signal = new Promise<NodeJS.Signals>((done) => {
      process.once('SIGTERM', () => done('SIGTERM'));
      process.once('SIGINT', () => done('SIGINT'));
    });
    host.logger.info(
      { tcp: host.tcpUrl, admin: host.adminUrl ?? null, services: watcher.config.services.map((s) => s.name), store: host.queues.kind },
      `typewire serve: services on ${host.tcpUrl}${host.adminUrl ? `, admin and monitor on ${host.adminUrl}` : ''}`,
    );
    const received = await signal;
    host.logger.info({ signal: received }, `typewire serve: ${received}, draining`);
    watcher.close();
    await host.close();
    this.setExitCode(EXIT.ok);
  }
}
