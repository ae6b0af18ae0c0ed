import { z } from 'zod';
import { IANAZone } from 'luxon';
import { clockTimeSchema, durationSchema, isoDateSchema } from './duration.js';
import { renovationConfigSchema } from '../renovation/config.js';
import { surveySettingsSchema } from '../surveys/settings.js';
import { patrolsConfigSchema } from '../patrols/config.js';
import { visitsConfigSchema } from '../visits/config.js';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const fraction = z.number().min(0).max(1);

/**
 * Every setting of the service, with the operating manuals' values as defaults
 * (see ../shared/domain.md). Durations are human strings so tests and demos can shrink them.
 */
export const configSchema = z
  .object({
    env: z.enum(['development', 'production', 'test']).default('development'),
    port: z.coerce.number().int().min(0).max(65535).default(3000),
    host: z.string().min(1).default('0.0.0.0'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    dataDir: z.string().min(1).default('./data'),
    timezone: z
      .string()
      .refine((tz) => IANAZone.isValidZone(tz), 'unknown IANA time zone')
      .default('Asia/Shanghai'),
    defaultLanguage: z.enum(LANGUAGES).default('zh-CN'),
    /** Demo mode: demo community loaded on first start. Defaults to on while the puppet is the mock. */
    demo: z.boolean().optional(),
    /** Bootstrap admin bearer token for the HTTP API. */
    apiToken: z.string().min(16, 'must be at least 16 characters').optional(),

    db: z
      .object({
        uri: z
          .string()
          .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
          .optional(),
        /** Which embedded database to start when no uri is given. */
        embedded: z.enum(['auto', 'mongodb-memory-server', 'ferretdb', 'off']).default('auto'),
        name: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only')
          .default('wuye'),
        ferretdbBin: z.string().optional(),
        startTimeout: durationSchema.prefault('60 seconds'),
        /** How long mongodb-memory-server may try to download mongod before FerretDB is used. */
        downloadTimeout: durationSchema.prefault('30 seconds'),
        /** The embedded FerretDB is restarted after it dies: first after this, doubling up to the max. */
        restartMinDelay: durationSchema.prefault('500 ms'),
        restartMaxDelay: durationSchema.prefault('10 seconds'),
      })
      .strict()
      .prefault({}),

    bot: z
      .object({
        puppet: z.enum(['mock', 'wechaty-puppet-wechat4u', 'wechaty-puppet-service']).default('mock'),
        token: z.string().optional(),
        /** Start the chat bot with the service. */
        enabled: z.boolean().default(true),
        /** Name the bot logs in as (mock puppet) and answers to when @mentioned. */
        name: z.string().min(1).max(40).default('物业小助手'),
        autoAcceptFriends: z.boolean().default(true),
        /** Messages older than this when they arrive (a backlog after downtime) are not answered. */
        maxMessageAge: durationSchema.prefault('10 minutes'),
        /** Longer texts are answered politely and not processed. */
        maxTextLength: z.number().int().min(10).max(100_000).default(1000),
        /** In an owners' group the bot answers only when @mentioned or the text has one of these. */
        triggerWords: z
          .array(z.string().min(1))
          .default([
            '报修',
            '投诉',
            '求助',
            '咨询',
            '建议',
            '表扬',
            '坏了',
            '漏水',
            '维修',
            '物业',
            '不亮',
            '堵了',
            '停电',
            '停水',
            '电梯',
          ]),
        /** A conversation left this long is abandoned. */
        flowIdleTimeout: durationSchema.prefault('30 minutes'),
        /** An owner silent this long at a report's summary is reminded once to confirm it. */
        draftReminderAfter: durationSchema.prefault('10 minutes'),
        /** An unconfirmed summary left to expire is kept this long: a later "确认" registers it. */
        draftKeep: durationSchema.prefault('24 hours'),
        /** A message the bot cannot read, sent this soon after the owner's report, is added to it. */
        addDetailWithin: durationSchema.prefault('10 minutes'),
        /** A photo sent before any words waits this long for the report it belongs to. */
        photoHeldFor: durationSchema.prefault('30 minutes'),
        /** One-time binding codes (staff, groups, owners awaiting approval) expire after this. */
        bindingCodeTtl: durationSchema.prefault('7 days'),
        /** An appointment further ahead than this is asked again. */
        appointmentMaxAhead: durationSchema.prefault('60 days'),
        restartMinDelay: durationSchema.prefault('2 seconds'),
        restartMaxDelay: durationSchema.prefault('5 minutes'),
      })
      .strict()
      .prefault({}),

    sla: z
      .object({
        /** Public-facility report registered and the department notified. */
        dispatch: durationSchema.prefault('5 minutes'),
        /** Dispatched order confirmed by the worker. */
        accept: durationSchema.prefault('5 minutes'),
        arriveInUnit: durationSchema.prefault('15 minutes'),
        arrivePublic: durationSchema.prefault('10 minutes'),
        arriveBeforeAppointment: durationSchema.prefault('5 minutes'),
        /** Non-standard repair: feasibility and cost answered by the engineering supervisor. */
        quote: durationSchema.prefault('15 minutes'),
        callbackWorkingDays: z.number().positive().default(1),
        followUpEngineering: durationSchema.prefault('7 days'),
        followUpOther: durationSchema.prefault('3 days'),
        /** Complaint handling plan default deadline when the supervisor names none. */
        complaintPlan: durationSchema.prefault('1 day'),
        digestAt: clockTimeSchema.prefault('17:30'),
      })
      .strict()
      .prefault({}),

    scoring: z
      .object({
        base: z.number().default(100),
        complaintPenalty: z.number().nonnegative().default(5),
        praiseBonus: z.number().nonnegative().default(2),
        dissatisfiedCallbackPenalty: z.number().nonnegative().default(1),
        ownerEvaluationWeight: fraction.default(0.7),
        inspectionWeight: fraction.default(0.3),
      })
      .strict()
      .refine(
        (s) => Math.abs(s.ownerEvaluationWeight + s.inspectionWeight - 1) < 1e-9,
        'ownerEvaluationWeight and inspectionWeight must add up to 1',
      )
      .prefault({}),

    /** Patrols and vacant units (src/patrols/config.ts). */
    patrols: patrolsConfigSchema,
    /** Household visits (src/visits/config.ts). */
    visits: visitsConfigSchema,

    rating: z
      .object({
        /** Ratings on a 1–5 scale; this score or lower opens rework (返工) and alerts the zone manager. */
        reworkAtOrBelow: z.number().int().min(0).max(5).default(2),
        /** How long after completion an owner linked to the order (same problem) may still rate it. */
        linkedWithin: durationSchema.prefault('7 days'),
      })
      .strict()
      .prefault({}),

    scheduler: z
      .object({
        enabled: z.boolean().default(true),
        processEvery: durationSchema.prefault('5 seconds'),
        lockLifetime: durationSchema.prefault('2 minutes'),
        /** A job that fails is run again after this delay, doubling, up to `jobRetries` times. */
        jobRetryDelay: durationSchema.prefault('30 seconds'),
        jobRetries: z.number().int().min(0).max(20).default(5),
        /**
         * Who hears about an order not accepted in time, one step per `sla.accept` interval:
         * the assignee, then the department supervisor, then the zone manager and the
         * customer-service supervisor.
         */
        acceptLadder: z
          .array(
            z
              .array(
                z.enum([
                  'assignee',
                  'dept_supervisor',
                  'zone_manager',
                  'cs_supervisor',
                  'front_desk',
                  'director',
                ]),
              )
              .min(1),
          )
          .min(1)
          .default([['assignee'], ['dept_supervisor'], ['zone_manager', 'cs_supervisor']]),
        /** The assignee is reminded this long before an appointment. */
        workerRemindersBefore: z.array(durationSchema).default([30 * 60_000, 5 * 60_000]),
        /** Owners are reminded the evening before an appointment, at this time… */
        ownerEveningReminderAt: clockTimeSchema.prefault('19:00'),
        /** …and this long before it. */
        ownerReminderBefore: durationSchema.prefault('1 hour'),
        /** A callback still not recorded this many working days after it was due goes to the supervisor. */
        callbackOverdueWorkingDays: z.number().positive().default(1),
        /** Day of the month the monthly summary goes to supervisors, at `sla.digestAt`. */
        monthlySummaryDay: z.number().int().min(1).max(28).default(1),
      })
      .strict()
      .prefault({}),

    /** The half-year satisfaction survey (src/surveys/settings.ts). */
    surveys: surveySettingsSchema.prefault({}),

    notify: z
      .object({
        /** Owners get no messages between these times; they are held until the end, never dropped. */
        quietStart: clockTimeSchema.prefault('21:00'),
        quietEnd: clockTimeSchema.prefault('08:00'),
        /**
         * An owner who reported this recently is awake: notices of that ticket are not held by
         * quiet hours (nor those of an urgent ticket or a call for help, ever).
         */
        awakeAfterReport: durationSchema.prefault('30 minutes'),
        /** WeCom group robot (企业微信群机器人) webhook for staff notices, as an alternative channel. */
        wecomWebhookUrl: z.string().url().optional(),
        wecomRetries: z.number().int().min(0).max(10).default(3),
        wecomRetryDelay: durationSchema.prefault('1 second'),
        /** always: every staff notice also goes to WeCom; fallback: only while the chat bot cannot send. */
        wecomMode: z.enum(['always', 'fallback']).default('always'),
      })
      .strict()
      .prefault({}),

    dispatch: z
      .object({
        /**
         * auto: the desk picks a worker (zone + department + skill, fewest open orders, under the
         * cap); grab: the department group is offered the order (抢单, first wins); manual: the
         * front desk dispatches.
         */
        mode: z.enum(['auto', 'grab', 'manual']).default('auto'),
        maxOpenPerWorker: z.number().int().min(1).max(100).default(8),
      })
      .strict()
      .prefault({}),

    outbound: z
      .object({
        /** Messages per minute across all chats (WeChat limits bots that send faster). */
        perMinute: z.number().int().min(1).max(10_000).default(40),
        /** The share of each minute's budget kept for replies to owners' own messages (notices get the rest). */
        ownerReserve: z.number().min(0).max(0.9).default(0.25),
        /** Minimum gap between two messages to the same chat. */
        perChatInterval: durationSchema.prefault('3 seconds'),
        /** Random extra wait, up to this, when the next message goes to a different chat. */
        switchJitter: durationSchema.prefault('1 second'),
        dailyCap: z.number().int().min(1).default(5000),
        retries: z.number().int().min(0).max(20).default(3),
        retryDelay: durationSchema.prefault('5 seconds'),
        pollEvery: durationSchema.prefault('500 ms'),
      })
      .strict()
      .prefault({}),

    /**
     * How long history stays in the working collections (src/data/retention.ts, daily at
     * `retention.runAt`): inbound message logs, outbox rows that are done (sent, failed, unknown)
     * and job claims older than this are written to `<dataDir>/archive/<collection>-<date>.jsonl`
     * when `archive` is on, then deleted. Tickets and their timelines are never trimmed.
     * `outboxWorking`: a done outbox row moves from the working outbox (whose rows the sender
     * marks) to the outbox history after this long, so the working outbox holds days, not months.
     * `ticketsWorking`: a ticket closed, cancelled or filed and untouched this long moves from
     * `tickets` to `ticketarchive` (kept for ever; read by id, lists and reports reaching back).
     * Reminders recorded on timelines longer ago than `ticketsWorking` move to the reminder history.
     */
    retention: z
      .object({
        messageLogs: durationSchema.prefault('90 days'),
        outbox: durationSchema.prefault('90 days'),
        outboxWorking: durationSchema.prefault('1 day'),
        ticketsWorking: durationSchema.prefault('90 days'),
        jobClaims: durationSchema.prefault('30 days'),
        archive: z.boolean().default(true),
        runAt: clockTimeSchema.prefault('03:30'),
      })
      .strict()
      .prefault({}),

    photos: z
      .object({
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
        maxPerTicket: z.number().int().positive().default(9),
      })
      .strict()
      .prefault({}),

    targets: z
      .object({
        complaintHandlingRate: fraction.default(1),
        satisfactionManager: fraction.default(0.98),
        satisfactionHelp: fraction.default(0.95),
        repairTimeliness: fraction.default(1),
        callbackRate: fraction.default(1),
        feeCollectionMonthly: fraction.default(0.9),
        feeCollectionQuarterly: fraction.default(0.95),
        feeCollectionYearly: fraction.default(0.98),
      })
      .strict()
      .prefault({}),

    /** Notices (通知公告): outages, lift maintenance, fire drills (src/announcements). */
    announcements: z
      .object({
        /** Besides the owners' groups, each affected owner is told privately (a notice may override). */
        notifyOwnersPrivately: z.boolean().default(true),
        /** A notice that asks for a reminder gets it this long before its window starts. */
        reminderBefore: durationSchema.prefault('12 hours'),
      })
      .strict()
      .prefault({}),

    /** Fee reminders (催费): polite reminders to owners in arrears (src/fees). */
    fees: z
      .object({
        /** Time of day the reminder run goes through the arrears. */
        remindAt: clockTimeSchema.prefault('10:00'),
        /** An owner in arrears is reminded again after this long. */
        reminderEvery: durationSchema.prefault('7 days'),
        /** At most this many reminders per unit and period; then the zone manager follows up. */
        maxReminders: z.number().int().min(1).max(50).default(4),
      })
      .strict()
      .prefault({}),

    calendar: z
      .object({
        workStart: clockTimeSchema.prefault('08:30'),
        workEnd: clockTimeSchema.prefault('17:30'),
        /** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
        weekendDays: z.array(z.number().int().min(1).max(7)).default([6, 7]),
        /** Extra public holidays (added to the shipped data). */
        holidays: z.array(isoDateSchema).default([]),
        /** Extra make-up working days (调休): working even on a weekend or shipped holiday. */
        workdays: z.array(isoDateSchema).default([]),
      })
      .strict()
      .refine((c) => c.workEnd > c.workStart, 'workEnd must be after workStart')
      .prefault({}),

    http: z
      .object({
        bodyLimit: z.string().default('1mb'),
        maxPageSize: z.number().int().min(1).max(1000).default(100),
        /** Largest CSV accepted by the import endpoints. */
        importLimit: z.string().default('5mb'),
      })
      .strict()
      .prefault({}),

    /** Money (fees, quotes): more than 0, at most two decimals, at most `max` yuan. */
    money: z
      .object({ max: z.number().positive().max(100_000_000).default(100_000) })
      .strict()
      .prefault({}),

    /** Dates people give (appointments, plan deadlines): not in the past, at most `maxAhead` ahead. */
    dates: z
      .object({ maxAhead: durationSchema.prefault('366 days'), pastGrace: durationSchema.prefault('1 hour') })
      .strict()
      .prefault({}),

    console: z
      .object({
        /** A console session ends after this long without a request. */
        sessionIdle: durationSchema.prefault('12 hours'),
        /** … and after this long in any case. */
        sessionMax: durationSchema.prefault('7 days'),
        /** Failed logins allowed per user name and address within loginWindow. */
        loginAttempts: z.number().int().min(1).max(100).default(5),
        /** Failed logins with unknown user names allowed per address within loginWindow. */
        loginAttemptsPerAddress: z.number().int().min(1).max(10_000).default(50),
        loginWindow: durationSchema.prefault('15 minutes'),
        /** bcrypt cost factor (2^rounds); 10 ≈ 60–100 ms on one core. */
        passwordRounds: z.number().int().min(4).max(15).default(10),
        passwordMinLength: z.number().int().min(8).max(128).default(10),
        /** Send cookies with Secure (on behind HTTPS; off for http://localhost). */
        secureCookies: z.boolean().default(false),
        /** Password of the demo console users (demo mode only; never set in production). */
        demoPassword: z.string().min(8).default('wuye-demo-2026'),
        /** How often the console's live view polls when SSE is unavailable. */
        pollEvery: durationSchema.prefault('15 seconds'),
      })
      .strict()
      .prefault({}),

    renovation: renovationConfigSchema,
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema> & { demo: boolean };
