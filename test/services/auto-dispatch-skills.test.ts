import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createServices, registerTicketReactions, type Services } from '../../src/app.js';
import {
  CATEGORIES,
  CATEGORY_DEPARTMENT,
  CATEGORY_SKILLS,
  hasSkillFor,
  type Category,
} from '../../src/chat/understanding/labels.js';
import { Person, Unit, Zone } from '../../src/data/models/index.js';
import { loadDemoData } from '../../src/demo/seed.js';
import { Outbox } from '../../src/notify/outbox.js';
import { chooseAssignee } from '../../src/services/auto-dispatch.js';
import { silentLog, testConfig } from '../support/fixtures.js';

/**
 * One category → skill mapping (CATEGORY_SKILLS) decides whom auto-dispatch picks: every topic's
 * order reaches a worker with its skill, or, when nobody in the zone has it, waits for the
 * department's supervisor (the front desk for customer service), who is asked.
 */
describe('the skill a topic needs (pure)', () => {
  it('names a skill for every topic, its own id first', () => {
    for (const c of CATEGORIES) expect(CATEGORY_SKILLS[c][0]).toBe(c);
  });

  it('reads the names offices use for a trade, and only the same word for an unknown category', () => {
    expect(hasSkillFor(['water'], 'plumbing')).toBe(true);
    expect(hasSkillFor(['Plumbing'], 'plumbing')).toBe(true);
    expect(hasSkillFor(['electrical'], 'lighting')).toBe(true);
    expect(hasSkillFor(['doors', 'elevator'], 'gas')).toBe(false);
    expect(hasSkillFor(['electrical', 'lighting'], 'plumbing')).toBe(false);
    expect(hasSkillFor(['plumbing'], 'lighting')).toBe(false);
    expect(hasSkillFor(['roofing'], 'roofing')).toBe(true);
    expect(hasSkillFor(['plumbing'], undefined)).toBe(false);
  });

  const c = (name: string, skillMatch: boolean, open = 0) => ({ id: name, name, skillMatch, open });
  it('never gives a topic to a worker without its skill, free as he may be', () => {
    expect(chooseAssignee([c('孙师傅', false), c('老张', true, 5)], 8, true)).toEqual({
      to: 'worker',
      id: '老张',
    });
    expect(chooseAssignee([c('孙师傅', false)], 8, true)).toEqual({ to: 'supervisor' });
    expect(chooseAssignee([c('老张', true, 8), c('孙师傅', false)], 8, true)).toEqual({ to: 'pool' });
    expect(chooseAssignee([], 8, false)).toEqual({ to: 'supervisor' });
    expect(chooseAssignee([c('孙师傅', false)], 8, false)).toEqual({ to: 'worker', id: '孙师傅' });
  });
});

describe('auto-dispatch over the demo community', () => {
  let s: Services;
  const skillsOf = new Map<string, string[]>();
  const nameOf = new Map<string, string>();

  beforeAll(async () => {
    const config = testConfig({
      db: { uri: process.env.MONGODB_URI },
      demo: true,
      dispatch: { mode: 'auto', maxOpenPerWorker: 100 },
      scheduler: { enabled: false },
      notify: { quietStart: '03:00', quietEnd: '03:00' },
    });
    s = await createServices(config, silentLog, { dbName: `d_${randomBytes(6).toString('hex')}` });
    await loadDemoData(s);
    registerTicketReactions(s);
    for (const p of await Person.find({}, { name: 1, skills: 1 }).lean()) {
      skillsOf.set(String(p._id), p.skills ?? []);
      nameOf.set(String(p._id), p.name);
    }
  }, 60_000);
  afterAll(async () => {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await s?.db.close();
  });

  const actor = async (name: string) =>
    s.directory.actorForPerson(String((await Person.findOne({ name }).lean())!._id));
  const askedAbout = async (number: string) =>
    (await Outbox.find({ ticketNumber: number, reason: 'no_skilled_worker' }).lean()).map((r) =>
      nameOf.get(String(r.personId)),
    );

  it('gives every dispatched topic, in every zone, to a worker with its skill', async () => {
    const desk = await actor('前台小林');
    const got: string[] = [];
    for (const zone of await Zone.find({}).lean()) {
      const unit = (await Unit.findOne({ zoneId: zone._id }).lean())!;
      for (const category of CATEGORIES) {
        const department = CATEGORY_DEPARTMENT[category as Category];
        const t = await s.tickets.create(desk, {
          kind: department === 'security' ? 'help' : 'repair',
          department,
          category,
          unitId: String(unit._id),
          description: `${zone.name} ${category}`,
        });
        await s.tickets.idle();
        const now = await s.tickets.get(desk, t.number);
        if (now.assigneeId) {
          expect({ category, able: hasSkillFor(skillsOf.get(String(now.assigneeId)), category) }).toEqual({
            category,
            able: true,
          });
          got.push(`${zone.name} ${category} ${nameOf.get(String(now.assigneeId))}`);
        } else {
          // nobody of the department can: the order waits and the supervisor (or the desk) is asked
          expect({ category, state: now.state }).toEqual({ category, state: 'received' });
          const asked = await askedAbout(t.number);
          expect({ category, asked }).toEqual({
            category,
            asked: [department === 'customer_service' ? '前台小林' : expect.stringMatching(/主管|队长/)],
          });
          got.push(`${zone.name} ${category} -> ${asked.join()}`);
        }
      }
    }
    // the demo has a worker for every topic a worker is sent to, in every zone
    const engineering = got.filter((g) => /plumbing|electrical|lighting|elevator|doors|gas|facility/.test(g));
    expect(engineering.filter((g) => g.includes('->'))).toEqual([]);
    expect(got).toEqual(
      expect.arrayContaining([
        'A区 gas 维修工老张',
        'C区 plumbing 维修工老张',
        'A区 lighting 维修工小刘',
        'B区 elevator 维修工孙师傅',
        'C区 greening 绿化工林师傅',
        'C区 fees -> 前台小林',
      ]),
    );
  }, 120_000);

  it('asks the engineering supervisor when the only licensed worker sends a gas order back', async () => {
    const owner = await actor('张伟');
    const t = await s.tickets.create(owner, {
      kind: 'repair',
      category: 'gas',
      department: 'engineering',
      unitId: owner.unitIds[0],
      description: '热水器打不着火，有点燃气味',
    });
    await s.tickets.idle();
    const dispatched = await s.tickets.get(owner, t.number);
    expect(dispatched.assigneeName).toBe('维修工老张');
    await s.tickets.sendBack(await actor('维修工老张'), t.number, { note: '今天没带工具' });
    await s.tickets.idle();
    const after = await s.tickets.get(owner, t.number);
    expect(after.state).toBe('received');
    expect(after.assigneeId ?? null).toBeNull();
    expect(await askedAbout(t.number)).toEqual(['工程主管陈刚']);
    const row = await Outbox.findOne({ ticketNumber: t.number, reason: 'no_skilled_worker' }).lean();
    expect(row!.text).toContain('燃气/热水器');
    expect(row!.text).toContain(`${t.number} 派给`);
  });
});
