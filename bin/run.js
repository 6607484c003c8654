#!/usr/bin/env node
// The `typewire` executable. Commands are compiled to dist/cli/commands
// (`npm run build`); oclif finds them through package.json's `oclif` section.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
