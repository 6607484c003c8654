import { Args, Flags } from '@oclif/core';
import { TypewireCommand } from '../../base-command.js';
import { EXIT } from '../../output/exit-codes.js';
import { asUsageError } from '../../output/failure.js';
import { databaseFlags } from '../../ops/database-flags.js';

export default class ConsumerLag extends TypewireCommand {
  static override summary = 'How far a consumer group is behind on its event logs (end offset - committed offset).';

  static override description = `For --topic, or every topic the group has committed an offset on. A group
whose offset is below the log's retained start lost entries to retention
(behindStart). "reader active" (JSON reading) means a subscription of the group
holds its lease on the topic: one subscription per group and topic reads.

Exit codes: 0 shown; 1 the group has no committed offset
(NOT_FOUND_CONSUMER_GROUP), or the database cannot be reached; 2 bad command line.`;

  static override examples = [
    { description: 'Every topic of a group', command: '<%= config.bin %> <%= command.id %> billing' },
    { description: 'One topic, JSON', command: '<%= config.bin %> <%= command.id %> billing --topic order.placed --json' },
  ];

  static override args = { group: Args.string({ description: 'Consumer group name', required: true }) };

  static override flags = {
    ...databaseFlags,
    topic: Flags.string({ char: 't', description: 'Only this topic' }),
    json: Flags.boolean({ description: 'Print the lags as a JSON array', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ConsumerLag).catch(asUsageError);
    const { withStore } = await import('../../ops/database-flags.js');
    const { consumerLag } = await import('../../ops/consumer-lag.js');
    const lags = await withStore(flags, ({ db }) => consumerLag(db, args.group, flags.topic));
    if (flags.json) this.printJson(lags);
    else for (const l of lags) this.print(`${l.topic}  committed ${l.committed}  end ${l.endOffset}  lag ${l.lag}  ${l.reading ? 'reader active' : 'no reader'}${l.behindStart ? '  (behind the retained start)' : ''}`);
    this.setExitCode(EXIT.ok);
  }
}
