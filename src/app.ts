import { WorkingCalendar } from './calendar/working-calendar.js';
import { setTicketStoreLog, setTicketsWorking } from './data/ticket-store.js';
import type { Config } from './config/schema.js';
import { openDatabase, type Database } from './data/connection.js';
import { startupMaintenance } from './data/maintenance.js';
import { getI18n } from './i18n.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { DirectoryService } from './services/directory-service.js';
import { DirectoryEditor } from './services/directory-editor.js';
import { DirectoryExport } from './services/directory-export.js';
import { AuthService } from './auth/auth-service.js';
import { ImportService } from './services/import-service.js';
import { ImportJobs } from './services/import-jobs.js';
import { BindingService } from './services/binding-service.js';
import { TicketService } from './services/ticket-service.js';
import { PhotoStore } from './services/photo-store.js';
import { applyInputRules } from './services/input-rules.js';
import { OutboxNotifier } from './notify/outbox.js';
import type { Notifier } from './notify/notification.js';
import type { ChatDesk } from './chat/desk.js';
import { autoDispatcher } from './services/auto-dispatch.js';
import { ticketNotices } from './chat/ticket-notices.js';
import { platformFor } from './chat/platform.js';
import { ChannelsNotifier, WecomWebhookNotifier } from './notify/wecom-webhook.js';
import { RenovationService } from './renovation/service.js';
import { AnnouncementService } from './announcements/service.js';
import { FeeService } from './fees/service.js';

export type HealthProbe = () => Promise<{ status: string } & Record<string, unknown>>;

/** Everything the entry points (HTTP, chat, jobs, scripts) share, built once. */
export interface Services {
  config: Config;
  log: Logger;
  db: Database;
  metrics: Metrics;
  calendar: WorkingCalendar;
  tickets: TicketService;
  renovations: RenovationService;
  photos: PhotoStore;
  notifier: Notifier;
  directory: DirectoryService;
  editor: DirectoryEditor;
  exporter: DirectoryExport;
  imports: ImportService;
  /** Imports running in the background, with their progress and reports. */
  importJobs: ImportJobs;
  /** Console users, sessions and API tokens. */
  auth: AuthService;
  bindings: BindingService;
  /** Notices to owners (通知公告). */
  announcements: AnnouncementService;
  /** Fee status, arrears and collection rates (催费). */
  fees: FeeService;
  /** Health of optional components (bot, scheduler), registered by them when they start. */
  health: Record<string, HealthProbe>;
  /** The chat bot, once started (simulator, QR code). */
  chat?: ChatDesk;
}

export function createCalendar(config: Config): WorkingCalendar {
  return WorkingCalendar.chinese({ timezone: config.timezone, ...config.calendar });
}

/**
 * The outbox (drained by the chat bot), plus the WeCom group robot for staff notices when
 * configured: always, or only while the chat bot cannot send (`notify.wecomMode`).
 */
export function createNotifier(config: Config, log: Logger, chatReady: () => boolean = () => true): Notifier {
  const nlog = log.child({ component: 'notify' });
  const outbox = new OutboxNotifier({ ...config.notify, timezone: config.timezone }, nlog);
  const url = config.notify.wecomWebhookUrl;
  if (!url) return outbox;
  const wecom = new WecomWebhookNotifier(
    url,
    nlog,
    config.notify.wecomRetries,
    config.notify.wecomRetryDelay,
  );
  return new ChannelsNotifier(outbox, wecom, config.notify.wecomMode, chatReady, nlog);
}

export async function createServices(
  config: Config,
  log: Logger,
  opts: { dbName?: string; monitorCommands?: boolean } = {},
): Promise<Services> {
  getI18n(config.defaultLanguage);
  applyInputRules(config);
  const db = await openDatabase(config, log, opts.dbName, { monitorCommands: opts.monitorCommands });
  const metrics = createMetrics();
  const calendar = createCalendar(config);
  const photos = new PhotoStore(config.photos.maxBytes);
  setTicketStoreLog(log.child({ component: 'tickets' }));
  setTicketsWorking(config.retention.ticketsWorking);
  await startupMaintenance(config, log.child({ component: 'maintenance' }));
  const tickets = new TicketService({
    config,
    calendar,
    photos,
    log: log.child({ component: 'tickets' }),
    metrics,
  });
  let renovations: RenovationService | undefined;
  const notifier = createNotifier(config, log, () => services.chat?.ready?.() ?? false);
  const services: Services = {
    photos,
    // the chat bot registers itself later (services.chat); until then it cannot send
    notifier,
    config,
    log,
    db,
    metrics,
    calendar,
    tickets,
    get renovations() {
      return (renovations ??= new RenovationService({ config, notifier: services.notifier, photos }));
    },
    directory: new DirectoryService(),
    editor: new DirectoryEditor(),
    exporter: new DirectoryExport(),
    imports: new ImportService(),
    importJobs: new ImportJobs(),
    auth: new AuthService(config, log.child({ component: 'auth' })),
    bindings: new BindingService(config.bot.bindingCodeTtl),
    health: {},
    announcements: new AnnouncementService({ config, notifier }),
    fees: new FeeService({ config }),
  };
  return services;
}

/**
 * What happens on every ticket change besides the scheduler: new repair and help tickets are
 * dispatched as configured, and people are told (assignee, department group, owner, managers).
 */
export function registerTicketReactions(services: Services): void {
  // Notices first: the people told of an event hear of it before they hear of what it caused.
  services.tickets.onEvent(ticketNotices(services, platformFor(services.config.bot.puppet)));
  services.tickets.onEvent(
    autoDispatcher({
      config: services.config,
      tickets: services.tickets,
      log: services.log.child({ component: 'dispatch' }),
      notifier: services.notifier,
      calendar: services.calendar,
    }),
  );
}
