import { Args, Flags } from '@oclif/core';
import { join, relative } from 'node:path';
import { initProject } from '../scaffold/init-project.js';
import { TypewireCommand } from '../base-command.js';
import { asUsageError } from '../output/failure.js';
import { plural } from '../output/format.js';

export default class Init extends TypewireCommand {
  static override summary = 'Create a new typewire project: schemas, a greeter service, a main that calls it, a test.';

  static override description = `Writes a project from typewire's project template into <dir> (created when
missing): package.json, tsconfig.json (strict, NodeNext), schemas for a greeter
service with one method and one event, src/services/greeter.ts,
src/main.ts, test/greeter.test.ts and a README.

Refuses a folder that is not empty unless --force is given (then files the
template has are overwritten and others are left alone).

Exit codes: 0 created; 1 the folder is not empty (CONFIG_INVALID) or not a folder;
2 bad command line.`;

  static override examples = [
    { description: 'A new project in ./my-app', command: '<%= config.bin %> <%= command.id %> my-app' },
    { description: 'Add the template to an existing folder', command: '<%= config.bin %> <%= command.id %> . --force' },
  ];

  static override args = {
    dir: Args.string({ description: 'Folder for the new project', required: true }),
  };

  static override flags = {
    force: Flags.boolean({ description: 'Write into a non-empty folder, overwriting files the template has', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init).catch(asUsageError);
    const result = initProject({
      dir: args.dir,
      templatesDir: join(this.config.root, 'templates'),
      typewireVersion: this.config.version,
      force: flags.force,
    });
    const shown = relative(process.cwd(), result.dir) || '.';
    const { out } = this.colors;
    this.print(`created project ${out.bold(result.name)} in ${shown} (${plural(result.files.length, 'file')})`);
    this.print('');
    this.print('next steps:');
    if (shown !== '.') this.print(`  cd ${shown}`);
    for (const step of ['npm install', 'npm run generate', 'npm run build', 'npm start', 'npm test']) this.print(`  ${step}`);
  }
}
