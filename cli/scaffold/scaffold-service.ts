/**
 * `typewire scaffold service <name>`: a service schema with a sample `ping`
 * method, a handler module built on the generated `define<Name>Service`, and
 * a node:test test that serves it and calls it through the generated client.
 * All three compile and pass once `typewire generate` has run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { INDEX_PATH, memberName, serviceNames, typeName } from '../../generator/naming/names.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import { fillPlaceholders } from './render.js';

export interface ScaffoldServiceOptions {
  /** The service name as it appears in the schema (`inventory`, `order-history`). */
  readonly name: string;
  /** The folder holding `service/` (the package's templates/). */
  readonly templatesDir: string;
  /** Project folder; the other folders are relative to it. */
  readonly cwd: string;
  readonly schemasDir: string;
  /** Where handler modules go. */
  readonly handlersDir: string;
  readonly testsDir: string;
  /** Where `typewire generate` writes (the handler imports its entry module). */
  readonly generatedDir: string;
}

export interface ScaffoldServiceResult {
  /** Files written, relative to `cwd`, posix separators. */
  readonly files: ReadonlyArray<string>;
}

/** Lower camelCase or kebab-case, starting with a letter: what the service meta-schema accepts as a name. */
const SERVICE_NAME = /^[a-z][a-zA-Z0-9]*(-[a-z0-9]+)*$/;

/** A relative ESM specifier from a module in `fromDir` to `target` (`./x.js`, `../../generated/index.js`). */
export function importSpecifier(fromDir: string, target: string): string {
  const rel = relative(fromDir, target).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function scaffoldService(options: ScaffoldServiceOptions): ScaffoldServiceResult {
  const { name } = options;
  if (!SERVICE_NAME.test(name)) {
    throw new TypewireError('CONFIG_INVALID', `service name "${name}" must start with a lower-case letter and use camelCase or kebab-case (e.g. inventory, orderHistory, order-history)`, {
      details: { name },
    });
  }
  const cwd = resolve(options.cwd);
  const fileStem = name; // kept as typed, so the file matches the service name users grep for
  const targets = {
    schema: join(cwd, options.schemasDir, 'services', `${fileStem}.service.json`),
    handler: join(cwd, options.handlersDir, `${fileStem}.ts`),
    test: join(cwd, options.testsDir, `${fileStem}.test.ts`),
  };
  const existing = Object.values(targets).filter((file) => existsSync(file));
  if (existing.length > 0) {
    const list = existing.map((f) => toPosix(relative(cwd, f))).join(', ');
    throw new TypewireError('CONFIG_INVALID', `refusing to overwrite ${list}; remove ${existing.length === 1 ? 'it' : 'them'} or pick another service name`, { details: { existing: existing.map((f) => toPosix(relative(cwd, f))) } });
  }

  const generatedEntry = join(cwd, options.generatedDir, INDEX_PATH.replace(/\.ts$/, '.js'));
  const names = serviceNames(name);
  const values = {
    SERVICE_NAME: name,
    SERVICE_PASCAL: typeName(name),
    SERVICE_CAMEL: memberName(name),
    DEFINE_SERVICE: names.define,
    CREATE_CLIENT: names.createClient,
    SCHEMA_FILE: toPosix(relative(cwd, targets.schema)),
    GENERATED_FROM_HANDLER: importSpecifier(dirname(targets.handler), generatedEntry),
    GENERATED_FROM_TEST: importSpecifier(dirname(targets.test), generatedEntry),
    HANDLER_FROM_TEST: importSpecifier(dirname(targets.test), targets.handler.replace(/\.ts$/, '.js')),
  };
  const templateDir = join(options.templatesDir, 'service');
  const plan: Array<[template: string, target: string]> = [
    ['service.json', targets.schema],
    ['handler.ts', targets.handler],
    ['handler.test.ts', targets.test],
  ];
  // Render all three before writing any, so a template problem leaves nothing behind.
  const rendered = plan.map(([template, target]) => ({
    target,
    text: fillPlaceholders(readFileSync(join(templateDir, template), 'utf8'), values, `service/${template}`),
  }));
  for (const file of rendered) {
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(file.target, file.text, { flag: 'wx' });
  }
  return { files: rendered.map((f) => toPosix(relative(cwd, f.target))) };
}
