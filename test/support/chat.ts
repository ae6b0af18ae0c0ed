import { randomBytes } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import { createServices, registerTicketReactions, type Services } from '../../src/app.js';
import { Person, Ticket } from '../../src/data/models/index.js';
import { Outbox } from '../../src/notify/outbox.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { DeskBot, type DeskBotOptions, type SimulatedReply } from '../../bots/desk-bot.js';
import type { SimulatedMessage } from '../../bots/mock-world.js';
import { silentLog, testConfig } from './fixtures.js';
import { createLogger } from '../../src/log.js';

/** Outbound pacing shrunk to milliseconds so conversations run at test speed. */
export const FAST_CHAT = {
  demo: true,
  scheduler: { enabled: false },
  outbound: { perMinute: 10_000, perChatInterval: 1, switchJitter: 1, pollEvery: 20, retryDelay: 20 },
};

export interface ChatHarness {
  services: Services;
  desk: DeskBot;
  dbName: string;
  /** Sends as `from` and returns every message the bot sent because of it. */
  say(from: string, text: string, opts?: Omit<SimulatedMessage, 'from' | 'text'>): Promise<SimulatedReply[]>;
  /** Texts sent to `to` (a person's name) among the replies. */
  textsTo(replies: SimulatedReply[], to: string): string[];
  ticketsOf(
    name: string,
  ): Promise<Array<Record<string, unknown> & { _id: Types.ObjectId; number: string; state: string }>>;
  /** The id of the demo person with this name. */
  personId(name: string): Promise<string>;
  /** What was queued for the person with this name for `reason`, in sending order. */
  outboxTo(name: string, reason: string | RegExp): Promise<Array<{ text: string; sendAfter: Date }>>;
  /** Stops the bot (as a restart would) and starts a new one on the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real chat stack on a database of its own: services, demo community, ticket reactions,
 * Wechaty on the mock puppet, the pipeline, flows and the outbound queue.
 */
export async function startChat(
  overrides: Record<string, unknown> = {},
  deskOptions: DeskBotOptions = {},
): Promise<ChatHarness> {
  const dbName = `c_${randomBytes(6).toString('hex')}`;
  const config = testConfig({ db: { uri: process.env.MONGODB_URI }, ...FAST_CHAT, ...overrides });
  const log = process.env.TEST_LOG ? createLogger('error') : silentLog;
  const services = await createServices(config, log, { dbName });
  await loadDemoData(services);
  registerTicketReactions(services);
  let desk = new DeskBot(services, deskOptions);
  await desk.start();
  services.chat = desk;
  const harness: ChatHarness = {
    services,
    dbName,
    get desk() {
      return desk;
    },
    async say(from, text, opts = {}) {
      const r = await desk.simulate({ from, text, ...opts });
      return r.replies;
    },
    textsTo: (replies, to) => replies.filter((r) => r.to === to && !r.room).map((r) => r.text),
    async ticketsOf(name) {
      const p = await Person.findOne({ name }).lean();
      return Ticket.find({ reporterId: p!._id }).sort({ createdAt: 1 }).lean() as never;
    },
    personId: async (name) => String((await Person.findOne({ name }).lean())!._id),
    async outboxTo(name, reason) {
      return Outbox.find({ personId: await harness.personId(name), reason })
        .sort({ order: 1 })
        .lean();
    },
    async restart() {
      await desk.stop();
      desk = new DeskBot(services, deskOptions);
      await desk.start();
      services.chat = desk;
    },
    async close() {
      await desk.stop();
      await mongoose.connection.db?.dropDatabase().catch(() => undefined);
      await services.db.close();
    },
  };
  return harness;
}

/** The last of a list of texts ('' when none). */
export const last = (texts: string[]) => texts.at(-1) ?? '';
