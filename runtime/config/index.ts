/**
 * Configuration: `typewire.yaml` loaded, checked and watched. Explicit names
 * only; runtime/index.ts re-exports what is public.
 */
export { CONFIG_SCHEMA, HOT_RELOADABLE } from './config-schema.js';
export type {
  TypewireConfig,
  RuntimeSettings,
  LoggingSettings,
  LogFileSettings,
  MetricsSettings,
  ServerSettings,
  ServiceEntry,
  QueueSettings,
  QueueStoreKind,
} from './config-schema.js';
export { parseConfig, loadConfig, defaultConfig } from './load-config.js';
export type { ParseConfigOptions } from './load-config.js';
export type { ConfigProblem, ConfigErrorDetails } from './config-problems.js';
export { diffConfig } from './config-diff.js';
export type { ConfigChange, ConfigDiff } from './config-diff.js';
export { watchConfig } from './watch-config.js';
export type { ConfigWatcher, ConfigReload, ReloadOutcome, WatchConfigOptions, ConfigChangeHandler } from './watch-config.js';
export { substituteEnv } from './substitute-env.js';
export type { Environment, SubstitutionProblem, SubstitutionResult } from './substitute-env.js';
