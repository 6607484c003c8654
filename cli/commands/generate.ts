import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { TypewireCommand } from '../base-command.js';
import { EXIT } from '../output/exit-codes.js';
import { asUsageError } from '../output/failure.js';
import { generateSummary, staleFiles } from '../output/file-summary.js';
import { plural } from '../output/format.js';
import { createProgress } from '../output/progress.js';
import { displayPath, relativeToCwd } from '../output/paths.js';

/** The one code that covers every problem, or the general SCHEMA_INVALID when they differ. */
function summaryCode(issues: ReadonlyArray<{ readonly code: string }>): string {
  const codes = new Set(issues.map((i) => i.code));
  return codes.size === 1 ? [...codes][0]! : 'SCHEMA_INVALID';
}

const STAGE_LABELS = { loading: 'reading schema files', emitting: 'emitting messages and services' } as const;

export default class Generate extends TypewireCommand {
  static override summary = 'Compile the schemas into types, validators, codecs, clients, services and routes.';

  static override description = `Reads every schema under --schemas and writes the generated TypeScript to --out.
The same input always gives byte-identical output. On any schema problem, every
problem is printed as <file>#<pointer>: <CODE> <message> and nothing is written.

Exit codes: 0 generated (or, with --check, up to date); 1 schema problems or,
with --check, stale output; 2 bad command line.`;

  static override examples = [
    { description: 'Generate from ./schemas into ./generated', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Fail in CI when generated/ is out of date', command: '<%= config.bin %> <%= command.id %> --check' },
    { description: 'Machine-readable result', command: '<%= config.bin %> <%= command.id %> --schemas api/schemas --out src/generated --json' },
  ];

  static override flags = {
    schemas: Flags.string({ char: 's', description: 'Folder holding messages/*.json and services/*.service.json', default: 'schemas' }),
    out: Flags.string({ char: 'o', description: 'Folder the generated code is written to', default: 'generated' }),
    check: Flags.boolean({ description: 'Write nothing; exit 1 when the files in --out differ from what the schemas produce', default: false }),
    json: Flags.boolean({ description: 'Print { ok, files, issues } as JSON instead of text', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Generate).catch(asUsageError);
    const progress = createProgress({ stream: process.stderr, enabled: !flags.json });
    // Loaded here, not at the top: oclif imports every command to list them, and `--help` should not load the generator.
    const { generate } = await import('../../generator/generate.js');
    const schemasDir = resolve(flags.schemas);
    const result = await generate({
      schemasDir,
      outDir: resolve(flags.out),
      check: flags.check,
      onProgress: (event) => progress.update(event.done, event.total, STAGE_LABELS[event.stage]),
    }).finally(() => progress.finish());

    if (!result.ok) {
      const issues = result.issues.map((issue) => relativeToCwd(issue, schemasDir));
      if (flags.json) this.printJson({ ok: false, files: [], issues });
      else this.printProblems(issues, summaryCode(issues), `${plural(issues.length, 'schema problem')} found; nothing was written`);
      this.setExitCode(EXIT.failed);
      return;
    }

    const files = result.files.map((f) => ({ path: displayPath(f.path), status: f.status }));
    const stale = flags.check ? staleFiles(files) : [];
    const issues = stale.map((f) => ({ code: 'SCHEMA_STALE_OUTPUT', file: f.path, pointer: '', message: `would be ${f.status}` }));
    if (flags.json) {
      this.printJson({ ok: stale.length === 0, files, issues });
    } else if (stale.length > 0) {
      this.printProblems(issues, 'SCHEMA_STALE_OUTPUT', `${plural(stale.length, 'generated file')} out of date; run \`typewire generate\``);
    } else {
      const summary = generateSummary(result.messages, result.services, files);
      this.print(flags.check ? `up to date: ${summary.replace(/^generated /, '')}` : summary);
    }
    this.setExitCode(stale.length === 0 ? EXIT.ok : EXIT.failed);
  }
}
