/**
 * Pure reading of a notice staff write in chat: "发通知 3栋 明天9点到12点停水 管道维修". All on
 * normalised text (simplified, half-width, place numerals as digits).
 */

/** The verbs that start a notice: 发通知, 发布通知, 发公告, 通知业主, notice. */
const VERB = /^(发布?通知|发布?公告|通知业主|发停水通知|发停电通知|notice)(?![a-z])[\s:：,，]*/i;

/** Pure: the text after the verb, or undefined when the message does not start a notice. */
export function parseNoticeCommand(text: string): { rest: string } | undefined {
  const m = VERB.exec(text.trim());
  if (!m) return undefined;
  // "发停水通知 …" keeps its topic for the type
  const topic = /停水|停电/.exec(m[1]!)?.[0];
  const rest = text.trim().slice(m[0].length).trim();
  return { rest: topic ? `${topic} ${rest}`.trim() : rest };
}

export type AudienceWords =
  | { scope: 'community'; matched: string }
  | { scope: 'buildings'; buildings: string[]; matched: string }
  | { scope: 'entrance'; building: string; entrance: string; matched: string };

const COMMUNITY =
  /全小区|整个小区|全社区|整个社区|全体业主|所有业主|全部业主|全体住户|所有住户|全小区业主|whole community|everyone/i;
const ENTRANCE = /(\d{1,3})\s*(?:栋|幢|号楼|座)\s*(\d{1,2})\s*单元/;
const BUILDINGS = /((?:\d{1,3}\s*(?:栋|幢|号楼|座)?\s*[、,，和及与/]\s*)*\d{1,3})\s*(?:栋|幢|号楼|座)/;

/**
 * Pure: the audience a text names by words alone — the whole community, buildings ("3栋",
 * "3、4栋", "3栋和5栋"), one entrance ("3栋2单元"). Zones are named by their names, which only
 * the directory knows (see resolveAudience).
 */
export function readAudienceWords(text: string): AudienceWords | undefined {
  const c = COMMUNITY.exec(text);
  if (c) return { scope: 'community', matched: c[0] };
  const e = ENTRANCE.exec(text);
  if (e) return { scope: 'entrance', building: e[1]!, entrance: e[2]!, matched: e[0] };
  const b = BUILDINGS.exec(text);
  if (b) {
    const buildings = [...new Set(b[1]!.match(/\d{1,3}/g)!)];
    return { scope: 'buildings', buildings, matched: b[0] };
  }
  return undefined;
}

const NUM = '(?:\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})';
const DAY =
  '(?:今天|明天|后天|大后天|今日|明日|今晚|明晚|今早|明早|本周[一二三四五六日天末]|下{0,2}周[一二三四五六日天末]|下{0,2}星期[一二三四五六日天]|' +
  `${NUM}月${NUM}[日号]?|${NUM}[日号])`;
const PERIOD = '(?:凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜间|白天|全天|整天|一整天)';
const CLOCK = `(?:${NUM}\\s*(?:[:：]\\s*\\d{2}|点|點|时)(?:半|一刻|三刻|${NUM}分?)?)`;
const TIME_BIT = `(?:${DAY}|${PERIOD}|${CLOCK})`;
const TIME_RUN = new RegExp(
  `${TIME_BIT}(?:\\s*${TIME_BIT})*(?:\\s*(?:到|至|-|~|—|–)\\s*${TIME_BIT}(?:\\s*${TIME_BIT})*)?(?:\\s*(?:左右|前后|以前|之前|以后|之后|期间))?`,
  'g',
);

/**
 * Pure: what the notice says once its audience and time are taken out, as owners read it:
 * "3栋 明天9点到12点停水 管道维修" → "停水，管道维修". Relative days ("明天") never stay in the
 * text: the window is printed beside it, and a reminder is read on another day.
 */
export function noticeBody(text: string, audienceMatched?: string): string {
  let s = audienceMatched ? text.replace(audienceMatched, ' ') : text;
  s = s.replace(TIME_RUN, ' ');
  return s
    .split(/[\s,，;；]+/)
    .map((p) => p.replace(/^[、。.:：!！]+|[、:：]+$/g, '').trim())
    .filter((p) => p.length > 0 && !/^[给对向在于的]$/.test(p))
    .join('，');
}
