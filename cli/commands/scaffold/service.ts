import { Args, Flags } from '@oclif/core';
import { join } from 'node:path';
import { scaffoldService } from '../../scaffold/scaffold-service.js';
import { TypewireCommand } from '../../base-command.js';
import { asUsageError } from '../../output/failure.js';

export default class ScaffoldService extends TypewireCommand {
  static override summary = 'Add a service: its schema, a handler module and a node:test test.';

  static override description = `Writes three files from typewire's service template:
  <schemas>/services/<name>.service.json   a sample "ping" method with inline messages
  <out>/<name>.ts                          handlers, built on the generated define<Name>Service
  <tests>/<name>.test.ts                   serves the handlers and calls them through the client
Run \`typewire generate\` afterwards; the skeleton then compiles and its test passes.
Never overwrites: if any of the files exists, nothing is written.

Exit codes: 0 written; 1 a file exists or the name is invalid (CONFIG_INVALID);
2 bad command line.`;

  static override examples = [
    { description: 'Add an inventory service', command: '<%= config.bin %> <%= command.id %> inventory' },
    { description: 'Custom folders', command: '<%= config.bin %> <%= command.id %> order-history --schemas api --out src/handlers --tests spec' },
  ];

  static override args = {
    name: Args.string({ description: 'Service name, camelCase or kebab-case (inventory, orderHistory)', required: true }),
  };

  static override flags = {
    schemas: Flags.string({ char: 's', description: 'Schema folder (the service goes in its services/)', default: 'schemas' }),
    out: Flags.string({ char: 'o', description: 'Folder for the handler module', default: 'src/services' }),
    tests: Flags.string({ description: 'Folder for the test', default: 'test' }),
    generated: Flags.string({ description: 'Folder `typewire generate` writes to (the handler imports from it)', default: 'generated' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ScaffoldService).catch(asUsageError);
    const result = scaffoldService({
      name: args.name,
      templatesDir: join(this.config.root, 'templates'),
      cwd: process.cwd(),
      schemasDir: flags.schemas,
      handlersDir: flags.out,
      testsDir: flags.tests,
      generatedDir: flags.generated,
    });
    for (const file of result.files) this.print(`created ${file}`);
    this.print('');
    this.print('next: run `typewire generate`, then fill in the handlers.');
  }
}
