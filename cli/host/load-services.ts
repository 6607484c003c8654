/**
 * Imports the modules `services[]` names and finds the service definition in
 * each: the default export, or an export named `service`, made with a
 * generated `define<Name>Service(...)`.
 */
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceEntry } from '../../runtime/config/config-schema.js';
import type { ServiceDescriptor } from '../../runtime/descriptors.js';
import { TypewireError } from '../../runtime/errors/typewire-error.js';
import type { ServiceDefinition } from '../../runtime/rpc/types.js';

export interface LoadedService {
  readonly entry: ServiceEntry;
  readonly definition: ServiceDefinition<ServiceDescriptor>;
}

function isDefinition(value: unknown): value is ServiceDefinition<ServiceDescriptor> {
  if (typeof value !== 'object' || value === null) return false;
  const { descriptor, handlers } = value as { descriptor?: unknown; handlers?: unknown };
  return (
    typeof descriptor === 'object' && descriptor !== null && typeof (descriptor as { name?: unknown }).name === 'string' &&
    typeof (descriptor as { methods?: unknown }).methods === 'object' && typeof handlers === 'object' && handlers !== null
  );
}

async function loadOne(entry: ServiceEntry, index: number, baseDir: string): Promise<LoadedService> {
  const pointer = `/services/${index}/module`;
  const file = isAbsolute(entry.module) ? entry.module : resolve(baseDir, entry.module);
  try {
    await access(file);
  } catch (cause) {
    throw new TypewireError('NOT_FOUND_FILE', `service ${entry.name}: module ${entry.module} not found (${file})`, { cause, details: { pointer, file } });
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypewireError('CONFIG_INVALID', `service ${entry.name}: importing ${entry.module} failed: ${reason}`, { cause, details: { pointer, file } });
  }
  const definition = [module['default'], module['service']].find(isDefinition);
  if (definition === undefined) {
    throw new TypewireError(
      'CONFIG_INVALID',
      `service ${entry.name}: ${entry.module} exports no service definition (export default define<Name>Service({...}), or export const service = ...)`,
      { details: { pointer, file, exports: Object.keys(module) } },
    );
  }
  return { entry, definition };
}

/** Loads every entry, in list order; the first failure throws (nothing is served half-configured). */
export async function loadServices(entries: ReadonlyArray<ServiceEntry>, baseDir: string): Promise<LoadedService[]> {
  const loaded: LoadedService[] = [];
  for (const [index, entry] of entries.entries()) loaded.push(await loadOne(entry, index, baseDir));
  return loaded;
}
