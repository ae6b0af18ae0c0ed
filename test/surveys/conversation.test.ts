import { ChatIdentity, Person, Ticket } from '../../src/data/models/index.js';
import { Outbox, OutboxNotifier } from '../../src/notify/outbox.js';
import type { JobContext } from '../../src/scheduler/context.js';
import { SurveyCampaigns } from '../../src/surveys/campaigns.js';
import { SurveyResponse, SurveyTurn, type CampaignDoc } from '../../src/surveys/models.js';
import { issueCampaign, surveyTick } from '../../src/surveys/questionnaire.js';
import { surveyResults } from '../../src/surveys/results.js';
import { ADMIN_ACTOR } from '../../src/domain/actor.js';
import { last, startChat, type ChatHarness } from '../support/chat.js';
import { silentLog } from '../support/fixtures.js';
import { jobContext } from '../support/jobs.js';

/** Survey cadences shrunk: a reminder 10 minutes after the last question, at most twice. */
const SURVEYS = { surveys: { remindEvery: '10 minutes', maxReminders: 2 } };

let h: ChatHarness;
let now: Date;
let ctx: JobContext;
let campaign: CampaignDoc;

/** What the survey sent a person through the outbox (not replies to their own messages). */
const surveyMessages = async (name: string) =>
  (await h.outboxTo(name, /^survey/)).map(({ text, sendAfter }) => ({ text, sendAfter }));

beforeAll(async () => {
  h = await startChat(SURVEYS);
  now = new Date();
  const { config } = h.services;
  ctx = jobContext(h.services, () => now);
  // one owner has no chat contact: counted, not reached
  await ChatIdentity.deleteMany({ personId: await h.personId('陈丽') });
  campaign = await new SurveyCampaigns(config, () => now).create(ADMIN_ACTOR, { period: '2026-H2' });
});
afterAll(() => h.close());

describe('the half-year survey in chat', () => {
  it('issues the first question to every registered owner with a contact, once', async () => {
    const first = await surveyTick(ctx);
    const owners = await Person.countDocuments({ roles: 'owner', active: true });
    expect(first.issued).toBe(owners - 1);
    expect(await SurveyResponse.countDocuments({ campaignId: campaign._id })).toBe(owners);
    expect(await surveyTick(ctx)).toMatchObject({ issued: 0, reminded: 0 }); // a rerun adds nothing
    const sent = await surveyMessages('张伟');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('1/10');
    expect(sent[0]!.text).toContain('安防管理');
    expect(sent[0]!.text).toContain('1 满意');
    expect(await surveyMessages('陈丽')).toHaveLength(0);
  });

  it('takes one answer per message, in full-width digits and traditional script, and answers in kind', async () => {
    expect(last(h.textsTo(await h.say('张伟', '１'), '张伟'))).toContain('2/10');
    const tw = last(h.textsTo(await h.say('张伟', '滿意'), '张伟'));
    expect(tw).toContain('3/10');
    expect(tw).toContain('滿意嗎'); // zh-TW from now on
  });

  it('lets a repair report through mid-survey and keeps the survey where it was', async () => {
    const asked = last(h.textsTo(await h.say('张伟', '厨房水管漏水了'), '张伟'));
    expect(asked).not.toContain('/10');
    await h.say('张伟', '明天下午3点');
    await h.say('张伟', '1');
    expect(await h.ticketsOf('张伟')).toHaveLength(1);
    const r = await SurveyResponse.findById(`${campaign._id}:${await h.personId('张伟')}`).lean();
    expect(r!.step).toBe(2);
    // the survey goes on after the report
    expect(last(h.textsTo(await h.say('张伟', '2 '), '张伟'))).toContain('4/10');
    expect(last(h.textsTo(await h.say('张伟', '基本满意吧'), '张伟'))).toContain('5/10');
  });

  it('answers a number out of range clearly and asks the same question again', async () => {
    const reply = last(h.textsTo(await h.say('张伟', '5'), '张伟'));
    expect(reply).toMatch(/1、2 或 3/);
    expect(reply).toContain('5/10');
  });

  it('resumes where the owner stopped, also after a restart', async () => {
    await h.restart();
    const again = last(h.textsTo(await h.say('张伟', '問卷'), '张伟'));
    expect(again).toContain('5/10');
    for (const a of ['1', '3', '不滿意', '2', '1']) await h.say('张伟', a);
    const r = await SurveyResponse.findById(`${campaign._id}:${await h.personId('张伟')}`).lean();
    expect(r!.step).toBe(9);
    expect(r!.answers.map((a) => a.choice)).toEqual([
      'satisfied',
      'satisfied',
      'basic',
      'basic',
      'satisfied',
      'unsatisfied',
      'unsatisfied',
      'basic',
      'satisfied',
    ]);
  });

  it('ends with a free-text comment, thanks the owner and stops asking', async () => {
    await h.say('张伟', '1'); // the tenth question
    const thanks = last(h.textsTo(await h.say('张伟', '晚上保安巡邏太少，停車位不夠'), '张伟'));
    expect(thanks).toContain('感謝');
    const r = await SurveyResponse.findById(`${campaign._id}:${await h.personId('张伟')}`).lean();
    expect(r!.completedAt).toBeTruthy();
    expect(r!.comment).toBe('晚上保安巡邏太少，停車位不夠');
    expect(await SurveyTurn.findById(await h.personId('张伟')).lean()).toBeNull();
    // "1" is the menu again: a repair report starts
    expect(last(h.textsTo(await h.say('张伟', '1'), '张伟'))).not.toContain('/10');
  });

  it('reminds non-respondents on the configured cadence with the question they stopped at, at most maxReminders times', async () => {
    const name = (await Person.findOne({
      roles: 'owner',
      name: { $ne: '张伟' },
      _id: { $ne: await h.personId('陈丽') },
    }).lean())!.name;
    await h.say(name, '1');
    now = new Date(now.getTime() + 9 * 60_000);
    expect((await surveyTick(ctx)).reminded).toBe(0); // not yet
    now = new Date(now.getTime() + 2 * 60_000);
    const first = await surveyTick(ctx);
    const owners = await Person.countDocuments({ roles: 'owner', active: true });
    expect(first.reminded).toBe(owners - 2); // neither 张伟 (done) nor 陈丽 (no contact)
    const msgs = await surveyMessages(name);
    expect(msgs.at(-1)!.text).toContain('1/10');
    expect(msgs.at(-1)!.text).toContain('2/10');
    expect(await surveyMessages('张伟')).toHaveLength(1);
    now = new Date(now.getTime() + 11 * 60_000);
    expect((await surveyTick(ctx)).reminded).toBe(owners - 2);
    now = new Date(now.getTime() + 11 * 60_000);
    expect((await surveyTick(ctx)).reminded).toBe(0); // maxReminders reached
  });

  it('holds survey messages in quiet hours', async () => {
    const { config } = h.services;
    const late = new Date('2026-12-02T14:00:00Z'); // 22:00 in Shanghai
    const quiet: JobContext = {
      ...ctx,
      now: () => late,
      notifier: new OutboxNotifier(
        { quietStart: 21 * 60, quietEnd: 8 * 60, timezone: config.timezone },
        silentLog,
        () => late,
      ),
    };
    const campaign2 = await new SurveyCampaigns(config, () => late).create(ADMIN_ACTOR, {
      period: '2026-H1',
    });
    const rows = await SurveyResponse.countDocuments({ campaignId: campaign2._id });
    expect(rows).toBe(0);
    await issueCampaign(quiet, campaign2);
    const row = await Outbox.findOne({
      _id: `survey:${campaign2._id}:${await h.personId('张伟')}:issue`,
    }).lean();
    expect(row!.sendAfter.toISOString()).toBe('2026-12-03T00:00:00.000Z'); // 08:00 next morning
  });

  it('counts issuance, return, per-area satisfaction and the common complaints', async () => {
    const r = await surveyResults(ADMIN_ACTOR, campaign, h.services.config.surveys);
    const owners = await Person.countDocuments({ roles: 'owner', active: true });
    expect(r).toMatchObject({ eligible: owners, issued: owners - 1, unreachable: 1, returned: 1 });
    expect(r.issuanceRate).toBeCloseTo((owners - 1) / owners, 3);
    expect(r.areas.find((a) => a.area === 'public_facilities')).toMatchObject({
      unsatisfied: 1,
      answered: 1,
    });
    expect(r.themes.unsatisfied.map((u) => u.area).sort()).toEqual(['greening', 'public_facilities']);
    expect(r.themes.words.map((w) => w.word)).toEqual(expect.arrayContaining(['保安', '停车位']));
  });

  it('leaves "满意" to a rating asked after the survey question, and takes the next answer itself', async () => {
    const owner = (await Person.findOne({ roles: 'owner', name: { $nin: ['张伟', '陈丽'] } })
      .skip(1)
      .lean())!;
    const id = (await SurveyTurn.findById(String(owner._id)).lean())!.responseId; // the latest campaign's
    await SurveyResponse.updateOne({ _id: id }, { $set: { lastAskedAt: new Date(Date.now() - 60_000) } });
    const { tickets, directory } = h.services;
    const actor = await directory.actorForPerson(String(owner._id));
    const t = await tickets.create(actor, {
      kind: 'repair',
      unitId: actor.unitIds[0],
      description: '阳台灯不亮',
    });
    // the automatic dispatch picks the worker (a dispatch by the test would race it)
    await tickets.idle();
    const dispatched = (await Ticket.findOne({ number: t.number }).lean())!;
    expect(dispatched.state).toBe('dispatched');
    const worker = await directory.actorForPerson(String(dispatched.assigneeId));
    await tickets.fire(worker, t.number, 'accept');
    await tickets.fire(worker, t.number, 'arrive');
    await tickets.fire(worker, t.number, 'complete', {});
    await h.say(owner.name, '满意');
    expect((await h.ticketsOf(owner.name))[0]!.rating).toMatchObject({ score: 5 });
    const before = (await SurveyResponse.findById(id).lean())!.step;
    const next = last(h.textsTo(await h.say(owner.name, '满意'), owner.name));
    expect(next).toContain(`${before + 2}/10`);
  });
});
