/**
 * `typewire generat` → `error CONFIG_INVALID: unknown command "generat"; did
 * you mean "generate"?` and exit 2, like every other command-line mistake,
 * instead of oclif's own error format. Registered in package.json under
 * `oclif.hooks.command_not_found`.
 */
import type { Hook } from '@oclif/core';
import { closeNames } from '../instances/close-names.js';
import { paletteFor } from '../output/color.js';
import { EXIT } from '../output/exit-codes.js';
import { formatError } from '../output/format.js';

const hook: Hook<'command_not_found'> = async function (options) {
  // oclif ids use ':'; users type the topic separator (a space).
  const shown = (id: string): string => id.split(':').join(' ');
  const known = options.config.commandIDs.map(shown);
  const suggestions = closeNames(shown(options.id), known, 3);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  const message = `unknown command "${shown(options.id)}"${hint} (see ${options.config.bin} --help)`;
  process.stderr.write(`${formatError('CONFIG_INVALID', message, paletteFor(process.stderr))}\n`);
  process.exitCode = EXIT.usage;
};

export default hook;
