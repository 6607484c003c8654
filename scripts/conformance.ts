/**
 * `npm run conformance`: the JSON Schema Test Suite (draft 2020-12) through
 * the generator's validator path, plus a codec round trip of every valid
 * instance. Exit 0 when every keyword file the generator claims passes 100 %
 * (or the suite is absent), 1 otherwise, 2 on bad arguments. The documented
 * exceptions (format assertion, ajv-formats gaps, schemas the generator refuses)
 * are in scripts/conformance/exceptions.ts and docs/schemas.md.
 *
 *   node dist/scripts/conformance.js [--only minLength,required] [--json] [--suite <dir>]
 *
 * --json prints the report as JSON instead of the table.
 */
import { join, resolve } from 'node:path';
import { packageRoot } from '../bench/harness/paths.js';
import { KNOWN_FORMATS, SUPPORTED_KEYWORDS } from '../generator/validate/keywords.js';
import { isTypewireError, typewireError } from '../runtime/errors/typewire-error.js';
import { formatReport } from './conformance/format.js';
import { defaultCodegenUrl } from './conformance/load-module.js';
import { runConformance } from './conformance/run.js';
import { locateSuite } from './conformance/suite.js';

interface CliOptions {
  readonly json: boolean;
  readonly only: ReadonlyArray<string> | undefined;
  readonly suite: string;
}

function parseConformanceArgs(argv: ReadonlyArray<string>, root: string): CliOptions {
  let json = false;
  let only: string[] | undefined;
  let suite = join(root, '..', 'shared', 'conformance', 'json-schema-test-suite');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw typewireError('CONFIG_INVALID', `${arg} needs a value`);
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--only') only = value().split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (arg === '--suite') suite = resolve(value());
    else throw typewireError('CONFIG_INVALID', `unknown argument "${arg}" (expected --only <files>, --json, --suite <dir>)`);
  }
  return { json, only, suite };
}

async function main(argv: ReadonlyArray<string>): Promise<number> {
  let options: CliOptions;
  try {
    options = parseConformanceArgs(argv, packageRoot(import.meta.url));
  } catch (error) {
    console.error(isTypewireError(error) ? `${error.code}: ${error.message}` : error);
    return 2;
  }
  const location = locateSuite(options.suite);
  if (location === undefined) {
    console.log(`conformance: skipped, no JSON Schema Test Suite at ${options.suite}`);
    return 0;
  }
  const report = await runConformance({
    location,
    only: options.only,
    codegenUrl: defaultCodegenUrl(),
    supportedKeywords: SUPPORTED_KEYWORDS,
    knownFormats: KNOWN_FORMATS,
  });
  if (report.files.length === 0) {
    console.error(`conformance: --only ${options.only?.join(',')} matches no keyword file`);
    return 2;
  }
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
