import { Args, Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import type { HostStatus } from '../../host/host-status.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class QueueStatus extends TypewireCommand {
  static override summary = 'Show one queue: depth, ready, in flight, oldest message age, dead letters and rates.';

  static override description = `From the database, rates come from two readings --interval ms apart (depth
change and dead letters added per second; --interval 0 takes one reading).
From a host (--admin), the enqueue and ack rates it measured; a PGlite folder a
running host holds is read through that host (the folder's lock names it).

Exit codes: 0 shown; 1 no such queue (NOT_FOUND_QUEUE), or the database or host
cannot be reached; 2 bad command line.`;

  static override examples = [
    { description: 'One queue, rates over one second', command: '<%= config.bin %> <%= command.id %> fulfillment' },
    { description: 'JSON, one reading', command: '<%= config.bin %> <%= command.id %> fulfillment --interval 0 --json' },
  ];

  static override args = { queue: Args.string({ description: 'Queue name', required: true }) };

  static override flags = {
    ...databaseFlags,
    admin: Flags.string({ description: 'Read a running host\'s /api/status (http://host:port) instead of the database', exclusive: ['config', 'database-url', 'data-dir'] }),
    interval: Flags.integer({ char: 'i', description: 'Milliseconds between the two readings rates are computed from', default: 1000, min: 0, max: 60_000 }),
    json: Flags.boolean({ description: 'Print the status as JSON', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(QueueStatus).catch(asUsageError);
    const { findHostQueue, formatAge, queueStatusFromStore } = await import('../../ops/queue-views.js');
    let view;
    const fromStatus = (status: HostStatus) => findHostQueue(status.queues, args.queue);
    if (flags.admin !== undefined) {
      const { fetchStatus } = await import('../../ops/admin-status.js');
      view = fromStatus(await fetchStatus(flags.admin));
    } else {
      const { withStoreOrHost } = await import('../../ops/database-flags.js');
      view = await withStoreOrHost(flags, ({ store }) => queueStatusFromStore(store, args.queue, flags.interval), fromStatus, (line) => this.printError(line));
    }
    if (flags.json) {
      this.printJson(view);
    } else {
      this.print(`queue         ${view.queue}`);
      this.print(`depth         ${view.depth}`);
      if (view.ready !== null) this.print(`ready         ${view.ready}`);
      this.print(`in flight     ${view.inFlight}`);
      this.print(`oldest        ${formatAge(view.oldestAgeMs)}`);
      this.print(`dead letters  ${view.deadLetters}`);
      for (const [name, value] of Object.entries(view.rates ?? {})) this.print(`${name.padEnd(14)}${value.toFixed(2)}`);
    }
    this.setExitCode(EXIT.ok);
  }
}
