import { Flags } from '@oclif/core';
import { TypewireCommand } from '../base-command.js';
import type { HostStatus } from '../host/host-status.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';
import { databaseFlags, type DatabaseFlagValues } from '../ops/database-flags.js';

export default class Monitor extends TypewireCommand {
  static override summary = 'A live view of queue depths, in-flight messages, dead letters and message rates.';

  static override description = `Polls a running host's /api/status (--admin), or reads the database the flags
name (a PGlite folder a running host holds: through that host's admin
endpoint, which the folder's lock names). On a terminal the view is redrawn in place with depth bars; otherwise
each frame is plain key=value lines. --once prints one frame and exits; with
--json each frame is one JSON object per line.

Exit codes: 0 stopped (Ctrl-C, or --once); 1 the host or database cannot be
reached; 2 bad command line.`;

  static override examples = [
    { description: 'Watch a running host', command: '<%= config.bin %> <%= command.id %> --admin http://127.0.0.1:9464' },
    { description: 'One frame from the database, for a script', command: '<%= config.bin %> <%= command.id %> --config typewire.yaml --once' },
  ];

  static override flags = {
    ...databaseFlags,
    admin: Flags.string({ description: 'A running host\'s admin server (http://host:port)', exclusive: ['config', 'database-url', 'data-dir'] }),
    interval: Flags.integer({ char: 'i', description: 'Milliseconds between frames', default: 1000, min: 100 }),
    once: Flags.boolean({ description: 'Print one frame and exit', default: false }),
    json: Flags.boolean({ description: 'Print each frame as one JSON line', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Monitor).catch(asUsageError);
    const { renderPlain, renderTty } = await import('../ops/render-monitor.js');
    const { read, close } = await this.openSource(flags);
    const tty = process.stdout.isTTY === true && !flags.json;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      do {
        const status = await read();
        if (flags.json) process.stdout.write(`${JSON.stringify(status)}\n`);
        else if (tty) process.stdout.write(`\u001b[H\u001b[2J${renderTty(status, this.colors.out).join('\n')}\n`);
        else process.stdout.write(`${renderPlain(status).join('\n')}\n`);
        if (flags.once) break;
        await new Promise((done) => setTimeout(done, flags.interval));
      } while (!stopped);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await close();
    }
    this.setExitCode(EXIT.ok);
  }

  /** Where frames come from: the host at --admin, else the database; a host holding the PGlite folder, through its admin endpoint. */
  private async openSource(flags: { admin?: string | undefined } & DatabaseFlagValues): Promise<{ read: () => Promise<HostStatus>; close: () => Promise<void> }> {
    const { fetchStatus } = await import('../ops/admin-status.js');
    const fromHost = (admin: string) => ({ read: () => fetchStatus(admin), close: async () => {} });
    if (flags.admin !== undefined) return fromHost(flags.admin);
    const [{ QueueStore }, { openOpsDatabase, lockedAdminUrl }, { createDatabaseStatusReader }] = await Promise.all([
      import('../../runtime/store/queue/index.js'),
      import('../ops/database-flags.js'),
      import('../ops/database-status.js'),
    ]);
    let db: Awaited<ReturnType<typeof openOpsDatabase>>;
    try {
      db = await openOpsDatabase(flags);
    } catch (error) {
      const admin = lockedAdminUrl(error);
      if (admin === undefined || !(await fetchStatus(admin).then(() => true, () => false))) throw error;
      this.printError(`note: ${(error as { details: { folder: string } }).details.folder} is held by a running host; watching its admin endpoint ${admin}`);
      return fromHost(admin);
    }
    const store = new QueueStore(db);
    const database = db;
    return {
      read: createDatabaseStatusReader(store, db.backend),
      close: async () => {
        await store.close();
        await database.close();
      },
    };
  }
}
