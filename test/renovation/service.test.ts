import { Person, Unit } from '../../src/data/models/index.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import { createCalendar } from '../../src/app.js';
import { RenovationService } from '../../src/renovation/service.js';
import { PhotoStore } from '../../src/services/photo-store.js';
import { renovationSweep } from '../../src/scheduler/jobs/renovation-sweep.js';
import type { JobContext } from '../../src/scheduler/context.js';
import type { Actor } from '../../src/domain/actor.js';
import { useTestDatabase } from '../support/db.js';
import { demoDomain, silentLog, testConfig, type TestDomain } from '../support/fixtures.js';

useTestDatabase();

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// Deadlines shrunk by configuration: apply 2 days ahead, refund 1 hour after acceptance,
// inspection reported missing after 2 hours, the task sent from 09:00.
const config = testConfig({
  renovation: {
    applyAhead: '2 days',
    refundAfter: '1 hour',
    inspectionOverdue: '2 hours',
    inspectionAt: '09:00',
  },
});
let clock = new Date('2026-12-02T02:00:00Z'); // 10:00 in Shanghai
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
const HOUR = 3_600_000;
let d: TestDomain;
let svc: RenovationService;
let job: JobContext;
let owner: Actor;
let desk: Actor;
let engineer: Actor;
let zoneManager: Actor;
let finance: Actor;

/** What the outbox holds for a person (texts, oldest first). */
async function textsTo(name: string): Promise<string[]> {
  const p = await Person.findOne({ name }).lean();
  const rows = await Outbox.find({ personId: String(p!._id) })
    .sort({ createdAt: 1 })
    .lean();
  return rows.map((r) => String((r as { text?: string }).text ?? ''));
}

beforeAll(async () => {
  d = await demoDomain({ config });
  const notifier = new OutboxNotifier({ quietStart: 0, quietEnd: 1, timezone: config.timezone }, silentLog);
  svc = new RenovationService({ config, notifier, clock: () => clock });
  job = {
    config,
    calendar: createCalendar(config),
    log: silentLog,
    tickets: d.tickets,
    notifier,
    now: () => clock,
  };
  owner = await d.as('张伟');
  desk = await d.as('前台小林');
  engineer = await d.as('工程主管陈刚');
  const unit = (await Unit.findById(owner.unitIds[0]).lean())!;
  const manager = await Person.findOne({ roles: 'zone_manager', zoneIds: unit.zoneId }).lean();
  zoneManager = await d.directory.actorForPerson(String(manager!._id));
  const cashier = await Person.create({
    communityId: unit.communityId,
    name: '财务刘会计',
    phone: '13900000031',
    roles: ['finance'],
  });
  finance = await d.directory.actorForPerson(String(cashier._id));
});

const application = (over: Record<string, unknown> = {}) => ({
  unitId: owner.unitIds[0],
  company: '美家装饰',
  scope: '厨卫翻新，铺木地板',
  size: 'small',
  startDate: '2026-12-04',
  endDate: '2027-01-20',
  ...over,
});

describe('renovation application', () => {
  it('refuses a start date less than applyAhead away, saying the earliest date', async () => {
    await expect(svc.apply(owner, application({ startDate: '2026-12-03' }), 'chat')).rejects.toMatchObject({
      code: 'renovation.too_soon',
      params: { earliest: '2026-12-04' },
    });
  });

  it('refuses a period longer than its size allows, and answers bad input by field', async () => {
    await expect(svc.apply(owner, application({ endDate: '2027-02-02' }), 'chat')).rejects.toMatchObject({
      code: 'renovation.too_long',
      params: { max: 60 },
    });
    await expect(
      svc.apply(owner, { ...application(), startDate: '2026-13-40', company: '' }, 'chat'),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('needs the owner’s authorisation for a tenant, and records it', async () => {
    const tenantDoc = (await Person.findOne({ roles: 'tenant' }).lean())!;
    const tenant = await d.directory.actorForPerson(String(tenantDoc._id));
    const unitId = String(tenantDoc.units[0]!.unitId);
    await expect(svc.apply(tenant, application({ unitId }), 'chat')).rejects.toMatchObject({
      code: 'renovation.authorization_required',
    });
    const doc = await svc.apply(
      tenant,
      application({ unitId, ownerAuthorization: { ownerName: '房东王先生' } }),
      'chat',
    );
    expect(doc.relation).toBe('tenant');
    expect(doc.ownerAuthorization?.ownerName).toBe('房东王先生');
  });

  it('keeps owners to their own units and applications', async () => {
    const other = await d.as('前台小林');
    const stranger = (await Person.findOne({ roles: 'owner', _id: { $ne: owner.personId } }).lean())!;
    const strangerActor = await d.directory.actorForPerson(String(stranger._id));
    await expect(svc.apply(strangerActor, application(), 'chat')).rejects.toMatchObject({
      code: 'renovation.not_resident',
    });
    const mine = await svc.apply(
      owner,
      application({ startDate: '2026-12-05', endDate: '2026-12-20' }),
      'chat',
    );
    await expect(svc.get(strangerActor, mine._id)).rejects.toMatchObject({ code: 'renovation_not_found' });
    expect((await svc.get(other, mine._id))._id).toBe(mine._id);
    await svc.cancel(owner, mine._id);
  });
});

describe('renovation life cycle', () => {
  let id: string;

  it('is approved only when customer service and engineering both approve; changes asked are told to the owner', async () => {
    const doc = await svc.apply(owner, application(), 'chat');
    id = doc._id;
    expect(id).toMatch(/^RN20261202-\d{4}$/);
    await expect(
      svc.review(desk, id, { reviewer: 'engineering', decision: 'approve' }),
    ).rejects.toMatchObject({
      code: 'renovation.not_reviewer',
    });
    await expect(
      svc.review(desk, id, { reviewer: 'customer_service', decision: 'changes' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const changed = await svc.review(engineer, id, {
      reviewer: 'engineering',
      decision: 'changes',
      note: '请补充水电改造图纸',
    });
    expect(changed.state).toBe('changes_requested');
    expect((await textsTo('张伟')).at(-1)).toContain('请补充水电改造图纸');
    await svc.resubmit(owner, id, { scope: '厨卫翻新，铺木地板，水电改造（已附图）' });
    expect((await svc.review(desk, id, { reviewer: 'customer_service', decision: 'approve' })).state).toBe(
      'submitted',
    );
    const approved = await svc.review(engineer, id, { reviewer: 'engineering', decision: 'approve' });
    expect(approved.state).toBe('approved');
    expect((await textsTo('张伟')).at(-1)).toContain('审核通过');
  });

  it('starts works with the permit and passes, the unit marked as renovating', async () => {
    const doc = await svc.issuePermit(desk, id, {
      permitNumber: 'ZX-2026-031',
      workerPasses: [{ name: '李师傅', passNumber: 'P001' }, { name: '王师傅' }],
    });
    expect(doc.state).toBe('in_progress');
    expect(doc.workerPasses).toHaveLength(2);
    expect((await Unit.findById(doc.unitId).lean())!.state).toBe('renovating');
    expect((await textsTo('张伟')).at(-1)).toContain('08:00-12:00, 14:00-18:00');
  });

  it('gives the zone manager one inspection task a day from inspectionAt, and reports a missed one', async () => {
    clock = new Date('2026-12-04T00:30:00Z'); // 08:30: before the task time
    expect((await renovationSweep(job)).inspectionTasks).toEqual([]);
    clock = new Date('2026-12-04T01:00:00Z'); // 09:00
    expect((await renovationSweep(job)).inspectionTasks).toContain(id);
    expect((await renovationSweep(job)).inspectionTasks).not.toContain(id); // once a day
    const manager = zoneManager.name!;
    expect((await textsTo(manager)).at(-1)).toContain('灭火器');
    await svc.inspect(zoneManager, id, {
      checklist: { permit_posted: true, fire_extinguisher: true },
      note: '正常',
    });
    await expect(svc.inspect(zoneManager, id, { checklist: { flying: true } })).rejects.toMatchObject({
      code: 'renovation.unknown_check',
    });
    clock = new Date('2026-12-05T01:00:00Z'); // next day's task, not done
    expect((await renovationSweep(job)).inspectionTasks).toContain(id);
    advance(HOUR);
    expect((await renovationSweep(job)).missedInspections).not.toContain(id); // 1 hour: not yet
    advance(HOUR); // 11:00: 2 hours after the task
    expect((await renovationSweep(job)).missedInspections).toContain(id);
    expect((await textsTo('客服主管周敏')).at(-1)).toContain('巡检未按时完成');
  });

  it('climbs the violation ladder, each step recorded with evidence and told to the owner; the last cuts power', async () => {
    // evidence the zone manager took (as the chat flow stores it); another file id is refused
    const photo = await new PhotoStore(1_000_000).save(PNG, { uploadedBy: zoneManager.personId });
    const evidence = [{ fileId: String(photo.fileId), contentType: photo.contentType }];
    await expect(
      svc.recordViolation(zoneManager, id, { note: '噪音', evidence: [{ fileId: 'f1' }] }),
    ).rejects.toMatchObject({ code: 'renovation.photo_not_yours' });
    const desksPhoto = await new PhotoStore(1_000_000).save(PNG, { uploadedBy: desk.personId });
    await expect(
      svc.recordViolation(zoneManager, id, {
        note: '噪音',
        evidence: [{ fileId: String(desksPhoto.fileId) }],
      }),
    ).rejects.toMatchObject({ code: 'renovation.photo_not_yours' });
    const told: string[] = [];
    for (const note of ['占用消防通道', '垃圾堆放楼道', '中午噪音施工', '仍在中午施工']) {
      const doc = await svc.recordViolation(zoneManager, id, { note, evidence });
      told.push((await textsTo('张伟')).at(-1)!);
      expect(doc.violations.at(-1)!.evidence).toHaveLength(1);
    }
    expect(told.map((t) => /【(.+?)】/.exec(t)?.[1])).toEqual([
      '口头警告',
      '装修违章通知单',
      '最后警告书',
      '停电/清场',
    ]);
    const doc = await svc.get(desk, id);
    expect(doc.state).toBe('suspended');
    await expect(svc.requestAcceptance(owner, id)).rejects.toMatchObject({ code: 'renovation.wrong_state' });
    expect((await svc.resume(desk, id)).state).toBe('in_progress');
  });

  it('extends the end date on approval, never past the maximum period', async () => {
    await expect(
      svc.requestExtension(owner, id, { until: '2027-04-10', reason: '材料延误' }),
    ).rejects.toMatchObject({
      code: 'renovation.too_long',
      params: { max: 120 },
    });
    await svc.requestExtension(owner, id, { until: '2027-02-20', reason: '材料延误' });
    await expect(
      svc.requestExtension(owner, id, { until: '2027-02-25', reason: '再延' }),
    ).rejects.toMatchObject({
      code: 'renovation.extension_pending',
    });
    const doc = await svc.decideExtension(desk, id, { decision: 'approved' });
    expect(doc.endDate).toBe('2027-02-20');
    expect((await textsTo('张伟')).at(-1)).toContain('2027-02-20');
  });

  it('lets finance read deposits only, and change nothing', async () => {
    const early = await svc.apply(
      desk,
      application({ applicantId: owner.personId, startDate: '2026-12-20', endDate: '2027-01-10' }),
      'desk',
    );
    await expect(svc.get(finance, early._id)).rejects.toMatchObject({ code: 'renovation_not_found' });
    expect(await svc.list(finance, {})).toEqual([]);
    expect(await svc.list(finance, { state: 'submitted' })).toEqual([]);
    await expect(
      svc.review(finance, early._id, { reviewer: 'customer_service', decision: 'approve' }),
    ).rejects.toMatchObject({ code: 'renovation_not_found' });
    await svc.cancel(desk, early._id);
  });

  it('re-inspects until acceptance passes, then refunds the deposit refundAfter later and tells finance', async () => {
    await svc.requestAcceptance(owner, id);
    const failed = await svc.accept(engineer, id, { passed: false, note: '卫生间闭水试验未做' });
    expect(failed.state).toBe('awaiting_acceptance');
    expect((await textsTo('张伟')).at(-1)).toContain('闭水试验');
    clock = new Date('2027-02-21T02:00:00Z');
    const accepted = await svc.accept(engineer, id, { passed: true });
    expect(accepted.state).toBe('accepted');
    expect(accepted.acceptances).toHaveLength(2);
    expect(accepted.refundDueAt!.getTime()).toBe(clock.getTime() + HOUR);
    expect((await Unit.findById(accepted.unitId).lean())!.state).toBe('occupied');
    advance(HOUR - 1000);
    expect((await renovationSweep(job)).refunded).toEqual([]);
    advance(1000);
    expect((await renovationSweep(job)).refunded).toEqual([id]);
    expect((await renovationSweep(job)).refunded).toEqual([]); // once
    expect((await svc.get(desk, id)).state).toBe('refunded');
    expect((await svc.get(finance, id)).state).toBe('refunded'); // finance reads the deposit
    expect((await svc.list(finance, {})).map((r) => r._id)).toEqual([id]);
    await expect(svc.inspect(finance, id, { checklist: {} })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await textsTo('财务刘会计')).at(-1)).toContain('请办理装修保证金退款');
    expect((await textsTo('客服主管周敏')).at(-1)).toContain('保证金退款');
    expect((await textsTo('张伟')).at(-1)).toContain('保证金');
  });

  it('confirms an application registered at the desk to the owner, in zh-TW when they read it', async () => {
    await Person.updateOne({ _id: owner.personId }, { $set: { language: 'zh-TW' } });
    clock = new Date('2027-03-01T02:00:00Z');
    const app = application({ applicantId: owner.personId, startDate: '2027-03-05', endDate: '2027-03-30' });
    await svc.apply(desk, app, 'desk');
    expect((await textsTo('张伟')).at(-1)).toContain('您的裝修申請');
  });
});
