import { createCalendar, type Services } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { Person } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import type { Actor } from '../../src/domain/actor.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { DirectoryService } from '../../src/services/directory-service.js';
import { ImportService } from '../../src/services/import-service.js';
import { TicketService } from '../../src/services/ticket-service.js';
import { PhotoStore } from '../../src/services/photo-store.js';

export const silentLog = createLogger('silent');

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return loadConfig({ API_TOKEN: 'test-token-0123456789', LOG_LEVEL: 'silent' }, overrides);
}

export interface TestDomain {
  config: Config;
  tickets: TicketService;
  directory: DirectoryService;
  imports: ImportService;
  communityId: string;
  /** The actor of the demo person with this display name. */
  as(name: string): Promise<Actor>;
  personId(name: string): Promise<string>;
}

/** The domain services on the current test database, with the demo community loaded. */
export async function demoDomain(opts: { clock?: () => Date; config?: Config } = {}): Promise<TestDomain> {
  const config = opts.config ?? testConfig();
  const imports = new ImportService();
  const directory = new DirectoryService();
  const { communityId } = await loadDemoData({ imports, log: silentLog });
  const tickets = new TicketService({
    config,
    calendar: createCalendar(config),
    photos: new PhotoStore(config.photos.maxBytes),
    log: silentLog,
    metrics: createMetrics(),
    clock: opts.clock,
  });
  const personId = async (name: string) => {
    const p = await Person.findOne({ name }).lean();
    if (!p) throw new Error(`no demo person ${name}`);
    return String(p._id);
  };
  return {
    config,
    tickets,
    directory,
    imports,
    communityId,
    personId,
    as: async (name) => directory.actorForPerson(await personId(name)),
  };
}

/** An owner's in-unit repair, dispatched by the front desk to `worker` and done up to `until`. */
export async function repairUpTo(
  d: TestDomain,
  ownerName: string,
  workerName: string,
  description: string,
  until: 'dispatched' | 'accepted' | 'on_site' | 'completed',
) {
  const owner = await d.as(ownerName);
  const worker = await d.as(workerName);
  const t = await d.tickets.create(owner, { kind: 'repair', unitId: owner.unitIds[0], description });
  const steps = [
    () => d.as('前台小林').then((fd) => d.tickets.dispatch(fd, t.number, { assigneeId: worker.personId })),
    () => d.tickets.accept(worker, t.number),
    () => d.tickets.arrive(worker, t.number),
    () => d.tickets.complete(worker, t.number, {}),
  ];
  const count = { dispatched: 1, accepted: 2, on_site: 3, completed: 4 }[until];
  let last = t;
  for (const step of steps.slice(0, count)) last = await step();
  return { ticket: last, owner, worker };
}

export type { Services };
