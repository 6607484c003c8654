import { Args, Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { TypewireCommand } from '../base-command.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';
import { plural, type LocatedProblem } from '../output/format.js';
import type { InstanceResult } from '../instances/check-instances.js';
import { relativeToCwd } from '../output/paths.js';
import { createProgress } from '../output/progress.js';

function problemsOf(result: InstanceResult): LocatedProblem[] {
  return result.errors.map((error) => ({
    file: result.file,
    pointer: error.path,
    code: error.code,
    message: error.schemaPath === undefined ? error.message : `${error.message} (schema ${error.schemaPath})`,
  }));
}

export default class Validate extends TypewireCommand {
  static override summary = 'Check message files (JSON) against a message type of your schemas.';

  static override description = `Decodes each file with the runtime's JSON codec and validates it with exactly
the validator \`typewire generate\` emits for --type. 64-bit integer fields are
decimal strings (or numbers up to 2^53), bytes fields base64 strings. Every
file is checked, even after one fails.

Each problem prints as <file>#<pointer>: <CODE> <message> (schema <pointer>).
With --json: [{ "file", "valid", "errors": [{ "code", "path", "message", "schemaPath" }] }].

Exit codes: 0 every file is valid; 1 a file is invalid or unreadable, the type
is unknown (NOT_FOUND_MESSAGE_TYPE) or the schemas have problems; 2 bad command line.`;

  static override examples = [
    { description: 'Check one request', command: '<%= config.bin %> <%= command.id %> --type PlaceOrderRequest order.json' },
    { description: 'Check many files, machine-readable', command: '<%= config.bin %> <%= command.id %> --schemas api/schemas --type ChatMessage fixtures/*.json --json' },
  ];

  static override strict = false; // any number of files

  static override args = {
    files: Args.string({ description: 'JSON files holding one message each', required: true }),
  };

  static override flags = {
    schemas: Flags.string({ char: 's', description: 'Folder holding messages/*.json and services/*.service.json', default: 'schemas' }),
    type: Flags.string({ char: 't', description: 'Message type (the schema title, e.g. PlaceOrderRequest)', required: true }),
    json: Flags.boolean({ description: 'Print the results as JSON', default: false }),
  };

  async run(): Promise<void> {
    const { flags, argv, nonExistentFlags } = await this.parse(Validate).catch(asUsageError);
    // Without `strict`, oclif passes unknown flags through as files; they are typos.
    if (nonExistentFlags.length > 0) asUsageError(new Error(`unknown flag ${nonExistentFlags.join(', ')}`));
    const files = argv.map(String);
    const progress = createProgress({ stream: process.stderr, enabled: !flags.json });
    // Loaded here, not at the top: oclif imports every command to list them, and `--help` should not load the generator.
    const { checkInstances } = await import('../instances/check-instances.js');
    const schemasDir = resolve(flags.schemas);
    const outcome = await checkInstances({
      schemasDir,
      type: flags.type,
      files,
      onProgress: (done, total, stage) => progress.update(done, total, stage),
    }).finally(() => progress.finish());

    if (!outcome.ok) {
      const issues = outcome.issues.map((issue) => relativeToCwd(issue, schemasDir));
      if (flags.json) this.printJson({ ok: false, issues });
      else this.printProblems(issues, 'SCHEMA_INVALID', `the schemas have ${plural(issues.length, 'problem')}; fix them before validating messages`);
      this.setExitCode(EXIT.failed);
      return;
    }

    const invalid = outcome.results.filter((r) => !r.valid);
    if (flags.json) {
      this.printJson(outcome.results);
    } else {
      for (const result of outcome.results) if (result.valid) this.print(`${this.colors.out.green('valid')}   ${result.file}`);
      const summary = `${outcome.results.length - invalid.length} of ${plural(outcome.results.length, 'file')} valid as ${outcome.message}`;
      if (invalid.length === 0) this.print(summary);
      else this.printProblems(outcome.results.flatMap(problemsOf), 'VALIDATION_FAILED', summary);
    }
    this.setExitCode(invalid.length === 0 ? EXIT.ok : EXIT.failed);
  }
}
