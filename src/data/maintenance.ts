import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';

/** What the process does to its data at start-up (placeholder). */
export async function startupMaintenance(_config: Config, _log: Logger): Promise<void> {}
