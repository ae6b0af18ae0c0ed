import { feeIn } from '../../src/ticket-events/money-text.js';
import { LANGUAGES } from '../../src/config/schema.js';
import { getI18n } from '../../src/i18n.js';
import { TICKET_EVENTS } from '../../src/domain/ticket-states.js';
import { CATALOGUE, CHAT_EVENTS, eventDef, HTTP_ACTIONS } from '../../src/ticket-events/index.js';
import { parseStaffCommand } from '../../src/chat/commands/staff.js';

const i18n = getI18n();
const has = (lng: string, key: string) => i18n.exists(key, { lng, fallbackLng: false });

describe('the ticket event catalogue', () => {
  it('defines every event of the life cycle once', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual([...TICKET_EVENTS].sort());
    for (const [name, def] of Object.entries(CATALOGUE)) expect(def.name).toBe(name);
  });

  it.each(LANGUAGES)(
    'has every notice text and staff verb in %s, Chinese verbs without Latin words',
    (lng) => {
      for (const def of Object.values(CATALOGUE))
        for (const n of def.notices ?? []) {
          expect({ key: n.key, ok: has(lng, n.key) }).toEqual({ key: n.key, ok: true });
          if (n.heldKey)
            expect({ key: n.heldKey, ok: has(lng, n.heldKey) }).toEqual({ key: n.heldKey, ok: true });
        }
      for (const def of CHAT_EVENTS) {
        const key = `verbs.${def.name}`;
        expect({ key, ok: has(lng, key) }).toEqual({ key, ok: true });
        if (lng !== 'en') expect(i18n.t(key, { lng })).not.toMatch(/[a-z]/i);
      }
    },
  );

  it('gives each HTTP action one event and each chat verb one event', () => {
    const actions = HTTP_ACTIONS.map((a) => a.action);
    expect(new Set(actions).size).toBe(actions.length);
    const words = new Map<string, string>();
    for (const lng of LANGUAGES)
      for (const def of CHAT_EVENTS)
        for (const w of i18n.t(`verbs.${def.name}`, { lng }).split('|')) {
          expect({ w, event: words.get(w) ?? def.name }).toEqual({ w, event: def.name });
          words.set(w, def.name);
        }
  });

  it.each([
    ['接单', 'accept'],
    ['搶單 BX20261129-0001', 'accept'],
    ['退单 BX20261129-0001 不是我的片区', 'send_back'],
    ['完工 换了阀门 费用 80', 'complete'],
    ['accept BX20261129-0001', 'accept'],
    ['done replaced the tap fee 80', 'complete'],
    ['处理完毕 TS20261129-0001 已约谈', 'finish_handling'],
    ['我的工单', 'mine'],
    ['到了', 'arrive'],
    ['我到了 BX20261129-0001', 'arrive'],
    ['修好了 换了门机板 材料费80', 'complete'],
    ['到咯', 'arrive'],
    ['完公 换了马桶密封圈 费用30', 'complete'],
    ['接但', 'accept'],
    ['到厂了', 'arrive'],
    ['已經到了', 'arrive'],
    ['在门口了 BX20261129-0001', 'arrive'],
    ['需要支援 热水器要两个人抬', 'ask_help'],
    ['这个我一个人搞不定', 'ask_help'],
    ['搞定了', 'complete'],
  ])('reads the staff command %s', (text, verb) => {
    expect(parseStaffCommand(text)?.verb).toBe(verb);
  });

  it.each([
    ['材料费80', 80],
    ['收了35.5元', 35.5],
    ['费用：120 块', 120],
    ['换了三个灯泡', undefined],
  ])('reads the fee in %s', (text, amount) => {
    expect(feeIn(text).amount).toBe(amount);
  });

  it('takes the completed item as the worker wrote it, without the comma before the fee', async () => {
    const parsed = await eventDef('complete').chat!.parse({
      rest: '换了灯泡, 费用 20',
      written: '换了灯泡，费用 20',
      mentioned: async () => undefined,
      t: (k: string) => k,
      config: {} as never,
    });
    expect(parsed).toEqual({
      input: { actualItem: '换了灯泡', fees: [{ item: '换了灯泡', amount: 20 }], materials: [] },
    });
  });

  it('does not take ordinary words for staff verbs', () => {
    expect(parseStaffCommand('noted, thanks')).toBeUndefined();
    expect(parseStaffCommand('接下来怎么办')).toBeUndefined();
  });
});
