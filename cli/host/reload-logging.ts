/**
 * Applies a reloaded configuration to a running host: `logging.level` takes
 * effect at once; every other change is logged as needing a restart.
 */
import type { ConfigReload } from '../../runtime/config/watch-config.js';
import type { Logger } from '../../runtime/observability/logging/create-logger.js';

export function applyReload(logger: Logger, reload: ConfigReload): void {
  if (reload.diff.hot.includes('/logging/level')) {
    const level = reload.config.logging.level;
    const from = logger.level;
    const say = (): void => logger.info({ level, previous: from }, `typewire serve: logging.level is now ${level} (was ${from})`);
    // Said under whichever level lets an info line through, so turning logging down is still recorded.
    const before = logger.isLevelEnabled('info');
    if (before) say();
    logger.level = level;
    if (!before) say();
  }
  if (reload.diff.restart.length > 0) {
    logger.warn({ settings: reload.diff.restart }, `typewire serve: ${reload.diff.restart.join(', ')} changed; restart to apply`);
  }
}
