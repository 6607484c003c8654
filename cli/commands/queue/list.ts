import { Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import type { HostStatus } from '../../host/host-status.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class QueueList extends TypewireCommand {
  static override summary = 'List every queue with its depth, in-flight count, oldest message and dead letters.';

  static override description = `Reads the queue database directly (--config, --database-url or --data-dir), or
a running host's /api/status (--admin). Without a flag, the queues section of
./typewire.yaml names the database. A PGlite folder a running host holds is
read through that host's admin endpoint (the folder's lock names it).

Exit codes: 0 listed (also when there are no queues); 1 the database or host
cannot be reached or the configuration is invalid; 2 bad command line.`;

  static override examples = [
    { description: 'From the database typewire.yaml names', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'From PostgreSQL, as JSON', command: '<%= config.bin %> <%= command.id %> --database-url postgres://localhost/app --json' },
    { description: 'From a running host', command: '<%= config.bin %> <%= command.id %> --admin http://127.0.0.1:9464' },
  ];

  static override flags = {
    ...databaseFlags,
    admin: Flags.string({ description: 'Read a running host\'s /api/status (http://host:port) instead of the database', exclusive: ['config', 'database-url', 'data-dir'] }),
    json: Flags.boolean({ description: 'Print the queues as a JSON array', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(QueueList).catch(asUsageError);
    const { fromHost, fromStats, queueTable } = await import('../../ops/queue-views.js');
    let views;
    const fromStatus = (status: HostStatus) => status.queues.map(fromHost);
    if (flags.admin !== undefined) {
      const { fetchStatus } = await import('../../ops/admin-status.js');
      views = fromStatus(await fetchStatus(flags.admin));
    } else {
      const { withStoreOrHost } = await import('../../ops/database-flags.js');
      views = await withStoreOrHost(flags, async ({ store }) => (await store.listQueues()).map(fromStats), fromStatus, (line) => this.printError(line));
    }
    if (flags.json) this.printJson(views);
    else if (views.length === 0) this.print('no queues');
    else for (const line of queueTable(views)) this.print(line);
    this.setExitCode(EXIT.ok);
  }
}
