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

export type { Services };
