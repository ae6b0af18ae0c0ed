import type { Server } from 'node:http';
import type { Services } from './app.js';
import type { DeskBot } from '../bots/desk-bot.js';
import { ConfigError, loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import { createLogger } from './log.js';
import type { Scheduler } from './scheduler/scheduler.js';
import { ensureDemoToken } from './demo/token.js';
import { DataDirLockedError, lockDataDir, type DataDirLock } from './data/data-dir-lock.js';

/** Starts the service: configuration, database (embedded when no MONGODB_URI), demo data, HTTP. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  // before anything that uses the data folder (database, bot, demo token): one process per folder
  let lock: DataDirLock;
  try {
    lock = await lockDataDir(config.dataDir);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      log.fatal({ dataDir: err.dataDir, holder: err.holder }, err.message);
      console.error(err.message);
      process.exit(73);
    }
    throw err;
  }
  const lockedAt = new Date();
  // the rest of the service is loaded only once the folder is ours: a second process exits at once
  const [
    { createServices, registerTicketReactions },
    { DeskBot },
    { loadDemoData },
    { DEMO_CONSOLE_USERS, seedDemoConsoleUsers },
    { createHttpApp },
    { Scheduler },
  ] = await Promise.all([
    import('./app.js'),
    import('../bots/desk-bot.js'),
    import('./demo/seed.js'),
    import('./demo/console-users.js'),
    import('./http/server.js'),
    import('./scheduler/scheduler.js'),
  ]);
  if (config.demo && !config.apiToken) {
    const { token, file } = ensureDemoToken(config.dataDir);
    config = { ...config, apiToken: token };
    log.warn({ file }, `demo mode without API_TOKEN: using the token in ${file}`);
  }
  let services: Services | undefined;
  let server: Server | undefined;
  let scheduler: Scheduler | undefined;
  let desk: DeskBot | undefined;
  let live: { close(): void } | undefined;
  let stopping = false;
  let recovery: NodeJS.Timeout | undefined;

  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(code || 1), 15_000);
    force.unref();
    clearInterval(recovery);
    live?.close(); // open event streams would hold server.close() until the forced exit
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await desk?.stop().catch((err: unknown) => log.error({ err }, 'bot stop failed'));
    await services?.tickets.idle(); // reactions under way finish (the rest are replayed on start)
    await scheduler?.drain();
    await services?.db.close().catch((err) => log.error({ err }, 'database close failed'));
    await lock.release();
    log.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (err) => {
    log.error({ err }, 'unhandled rejection');
  });

  try {
    services = await createServices(config, log);
    if (config.demo) {
      const seeded = await loadDemoData(services, { onlyIfEmpty: true });
      log.info(seeded, seeded.created ? 'demo data loaded' : 'demo data already present');
      const users = await seedDemoConsoleUsers(
        services.auth,
        seeded.communityId,
        config.console.demoPassword,
      );
      if (users)
        log.warn(
          { users: DEMO_CONSOLE_USERS.map((u) => u.username), password: config.console.demoPassword },
          'demo console users created (demo mode only): sign in at the console with one of them',
        );
    }
    registerTicketReactions(services);
    if (config.scheduler.enabled) {
      const s = services;
      scheduler = new Scheduler({
        config,
        calendar: s.calendar,
        log: log.child({ component: 'scheduler' }),
        tickets: s.tickets,
        notifier: s.notifier,
        now: () => new Date(),
      });
      s.tickets.onChange((t, before) => scheduler!.syncTicket(t, before));
      s.announcements.onChange((n) => scheduler!.syncNotice(n));
      s.health.scheduler = () => scheduler!.health();
      await scheduler.start();
    }
    if (config.bot.enabled) {
      desk = new DeskBot(services, { spoolDir: config.dataDir });
      services.chat = desk;
      await desk.start();
    }
    const app = createHttpApp(services);
    live = app.live;
    server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server!.once('listening', resolve);
      server!.once('error', reject);
    });
    log.info(
      { port: config.port, host: config.host, db: services.db.kind, demo: config.demo },
      'service ready',
    );
    // What a stopped process left half done: tickets whose reactions (dispatch, notices, jobs)
    // never ran. At start everything stored before the lock was taken, when the database is ours
    // alone (embedded, in the locked folder); then every minute what is left over 30 s.
    const s = services;
    const recover = (before?: Date) =>
      void s.tickets.recover(before).catch((err: unknown) => log.error({ err }, 'ticket recovery failed'));
    recover(s.db.kind === 'external' ? undefined : lockedAt);
    recovery = setInterval(() => recover(), 60_000);
    recovery.unref();
    log.info(`web console: http://localhost:${config.port}/  (API: /api/v1/openapi.json)`);
    if (!config.apiToken)
      log.info('API_TOKEN is not set: the API takes console sessions and API tokens only');
  } catch (err) {
    log.fatal({ err: err instanceof Error ? err.message : err }, 'start failed');
    await shutdown('start failed', 1);
  }
}

void main();
