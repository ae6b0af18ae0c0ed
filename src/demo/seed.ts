import { createHash } from 'node:crypto';
import type { Services } from '../app.js';
import { ChatIdentity, Community, KnowledgeAnswer, Person, Room, Zone } from '../data/models/index.js';
import {
  DEMO_COMMUNITY,
  DEMO_ROOMS,
  DEMO_STAFF,
  DEMO_ZONES,
  demoResidents,
  demoUnits,
  toCsv,
  type DemoPerson,
} from './demo-data.js';
import { DEMO_ANSWERS } from './knowledge-data.js';

export const DEMO_PLATFORM = 'mock';
export const demoContactId = (phone: string) => `demo-${phone}`;
/** Room ids carry '@chatroom', as WeChat's do (the mock puppet tells rooms from contacts by the '@'). */
export const demoRoomId = (topic: string) =>
  `demo-${createHash('sha1').update(topic).digest('hex').slice(0, 16)}@chatroom`;

/**
 * Loads the demo community. Idempotent: running it again changes nothing. Every demo person is
 * bound to a mock chat contact with the same display name, so the simulator can speak as them.
 */
export async function loadDemoData(
  services: Pick<Services, 'imports' | 'log'>,
  opts: { onlyIfEmpty?: boolean } = {},
): Promise<{ created: number; communityId: string }> {
  const existing = await Community.findOne({ code: DEMO_COMMUNITY.code }).lean();
  if (existing && opts.onlyIfEmpty) return { created: 0, communityId: String(existing._id) };
  const community = await Community.findOneAndUpdate(
    { code: DEMO_COMMUNITY.code },
    { $set: DEMO_COMMUNITY },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  const communityId = String(community!._id);
  for (const z of DEMO_ZONES) {
    await Zone.updateOne(
      { communityId: community!._id, code: z.code },
      { $set: { name: z.name, buildings: z.buildings } },
      { upsert: true },
    );
  }
  const units = await services.imports.importUnits(
    communityId,
    toCsv(['zone', 'building', 'entrance', 'room', 'state'], demoUnits()),
  );
  const columns: Array<keyof DemoPerson & string> = [
    'name',
    'phone',
    'roles',
    'department',
    'skills',
    'zones',
    'building',
    'entrance',
    'room',
    'relation',
  ];
  const people = await services.imports.importPeople(
    communityId,
    toCsv(columns, [...DEMO_STAFF, ...demoResidents()]),
  );
  const errors = [...units.errors, ...people.errors];
  if (errors.length) throw new Error(`demo data did not import cleanly: ${JSON.stringify(errors)}`);

  const persons = await Person.find({ communityId: community!._id }).lean();
  const zones = await Zone.find({ communityId: community!._id }).lean();
  for (const p of persons) {
    await ChatIdentity.updateOne(
      { platform: DEMO_PLATFORM, contactId: demoContactId(p.phone!) },
      { $set: { displayName: p.name, personId: p._id }, $setOnInsert: { boundAt: new Date() } },
      { upsert: true },
    );
  }
  for (const r of DEMO_ROOMS) {
    const zone = 'zone' in r ? zones.find((z) => z.code === r.zone) : undefined;
    await Room.updateOne(
      { platform: DEMO_PLATFORM, platformRoomId: demoRoomId(r.topic) },
      {
        $set: {
          topic: r.topic,
          communityId: community!._id,
          purpose: r.purpose,
          ...(zone ? { zoneId: zone._id } : {}),
          ...('department' in r ? { department: r.department } : {}),
        },
      },
      { upsert: true },
    );
  }
  for (const a of DEMO_ANSWERS) {
    // An answer still as seeded follows the demo's text; one the desk has edited is kept as edited.
    const same = { communityId: community!._id, topic: a.topic };
    const refreshed = await KnowledgeAnswer.updateOne({ ...same, updatedBy: 'demo' }, { $set: a });
    if (refreshed.matchedCount) continue;
    await KnowledgeAnswer.updateOne(
      same,
      { $setOnInsert: { ...a, active: true, updatedBy: 'demo' } },
      { upsert: true },
    );
  }
  const created = units.created + people.created;
  services.log.info({ communityId, units: units.created, people: people.created }, 'demo data imported');
  return { created, communityId };
}
