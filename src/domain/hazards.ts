/**
 * Dangers an owner may be in while waiting for help (gas, sparks, fire, a lift with people in it,
 * a burst pipe, a person fallen or hurt, a child or elder gone missing): the report is registered and urgent at once, the owner
 * gets safety advice, and the department supervisor and zone manager hear of the new ticket
 * (src/ticket-events/create.ts) and of its cancellation (cancel.ts).
 *
 * A word alone is not a danger: it is read in its clause, and does not count when negated just
 * before it ("打不着火", "没有煤气味"), spoken of as a risk ("地滑容易摔倒", "万一着火"), or said of
 * a harmless thing ("水壶冒烟", "轮胎漏气", "漏电开关跳了").
 */
export type Hazard =
  'gas' | 'electric' | 'fire' | 'trapped' | 'flood' | 'injury' | 'missing' | 'locked_in' | 'sos';

interface Sign {
  hazard: Hazard;
  /** The danger's words (global: every occurrence in the clause is tried). */
  re: RegExp;
  /** Read in the whole message rather than clause by clause. */
  whole?: boolean;
  /** The clause or the message speaks of something harmless with these words. */
  harmless?: (clause: string) => boolean;
}

/**
 * Smoke or a burnt smell from cooking, steam, a cigarette, incense, burning straw or leaves: not a
 * fire, unless burning (or an electric appliance, a socket) is said.
 */
const COOKING =
  /秸秆|烧垃圾|烧树叶|烧纸|水壶|烧水|开水|锅|蒸|饭|菜|烟囱|抽烟|香烟|烟头|烧烤|烤肉|蚊香|香炉|干冰|加湿器|雾|热气|白气|水汽|水蒸气/;
const BURNING =
  /焦味|烧焦|着火|起火|火苗|明火|插座|电线|电源|电饭|电磁炉|电水壶|电热水壶|微波炉|烤箱|电暖|取暖器|充电/g;
/** Burning said to be happening ("不是着火" is not). */
const burningSaid = (c: string) => [...c.matchAll(BURNING)].some((m) => meant(c.slice(0, m.index)));
const cookingSmoke = (clause: string) => COOKING.test(clause) && !burningSaid(clause);

/** Air leaking from things that are not gas pipes. */
const NOT_GAS_LEAK =
  /轮胎|车胎|胎|气球|暖气|空调|打气|篮球|足球|充气|床垫|门缝|窗|高压锅|气垫|救生圈|泳圈|煤气费|燃气费/;
/** The residual-current breaker is named after leakage: "漏电开关跳了" is a tripped switch. */
const BREAKER = /漏电(保护|开关|断路)/;
/** Water sprayed on purpose, or a shower head: not a burst pipe. */
const WATERING = /喷淋|草坪|草地|绿化|灌溉|喷泉|花洒|洒水|浇|喷头|水枪|喷雾|喷壶|淋浴/;

const GAS = '煤气|燃气|天然气|液化气|瓦斯';

const SIGNS: readonly Sign[] = [
  {
    hazard: 'locked_in',
    // a person (never keys or things: "钥匙锁在家里" is a locksmith's job) shut in a flat or a
    // car; in a lift ("关在里面 电梯不动") is 'trapped', read next
    re: /(小孩|孩子|宝宝|婴儿|小朋友|儿子|女儿|闺女|老人|老太太|老爷子|奶奶|爷爷|外婆|外公|我妈|我爸|自己|我)(被|给)?(反锁|锁|关|困)((在|到)了?(家|屋|房间|车|卫生间|厕所|洗手间|阳台|楼梯间|地库)|(在|到)?车(里|上|内))|反锁在?(里面|里头)|(locked|shut) (in|inside) (the |a |my )?(car|flat|apartment|room|bathroom)/gi,
  },
  {
    hazard: 'trapped',
    re: /(困|关|卡)(在|住)?了?(电梯|人)|电梯.{0,6}((困|关)(住|人|了|在里|咗)|卡(人|在里|住人))|有人被?(困|关)|电梯里出不来|被困|被关在|电梯.{0,4}(下坠|冲顶|蹲底)|trapped|stuck in (the )?(lift|elevator)|stuck with .{1,20} inside/gi,
    harmless: (c) =>
      /猫|狗|鸟|宠物|\b(cat|dog)\b/.test(c) && !/人|孩|我|老|\b(son|daughter|child|kid|i)\b/.test(c),
  },
  {
    hazard: 'trapped',
    // "电梯门开不了 我在里面": a lift and a person in it are often said apart
    whole: true,
    re: /电梯.{0,12}(我在里面|人在里面|里面有人|里有人|出不来)|(我|人|孩子|小孩|老人)在电梯里.{0,10}(不动|出不来|打不开|开不了|停了)/g,
  },
  {
    hazard: 'gas',
    re: new RegExp(
      `(${GAS}).{0,4}(味|漏|泄)|漏气|泄漏|燃气报警器.{0,4}(响|叫|报警)|\\bgas (smell|leak)|smells? (of )?gas`,
      'gi',
    ),
    harmless: (c) => NOT_GAS_LEAK.test(c) && !new RegExp(GAS).test(c),
  },
  {
    hazard: 'electric',
    re: /冒火花|打火花|电火花|跳火|漏电|触电|电线.{0,3}(烧|焦|冒)|(插座|插头|插排|插线板|开关|电表|电箱|配电箱|电闸|充电器|电源).{0,4}(冒|烧|焦|起火|着火)|烧焦的?味|焦糊味|(有|一股|好大的?)焦味|\bsparks?\b/gi,
    harmless: (c) => BREAKER.test(c) || cookingSmoke(c),
  },
  {
    hazard: 'fire',
    re: /着火|失火|起火|火灾|烧起来了|冒(黑|浓)?烟|明火|(窜|蹿|冒)出?火苗|火苗(窜|蹿|往外)|火光|浓烟|(好|很|这么)大的烟|烟(好|很|太)大|\bon fire\b|\bthere('s| is) a fire\b|\bsmoke coming\b/gi,
    harmless: cookingSmoke,
  },
  {
    hazard: 'flood',
    re: /水管.{0,3}爆|爆管|爆了.{0,4}水|水漫|淹了|水.{0,4}往下(流|灌)|哗哗.{0,6}(流|漏|喷)|水.{0,6}(往外|到处)(喷|涌)|(喷|涌)水|喷了一地|(暖气|暖气片|水表|阀门|水龙头|热水器).{0,3}爆了|burst pipe|flood(ing|ed)/gi,
    harmless: (c) => WATERING.test(c),
  },
  {
    hazard: 'injury',
    re: /摔倒|跌倒|摔伤|摔了一跤|摔下来|滑倒|晕倒|昏倒|昏迷|晕过去|不省人事|倒在地上|倒地|受伤|受了伤|流血|出血|流了(好多|很多|一地|不少)?血|躺(在)?地上|骨折|被狗咬|咬伤|触电|溺水|落水|中毒|休克|抽搐|没有?呼吸了?|失去意识|没有?意识了|叫不醒|心脏病|犯病|砸伤|砸到人|夹伤|扎伤|划伤|(狗|猫)咬人|(人|老人|孩子|小孩|老太太|老爷子|奶奶|爷爷|妈|爸).{0,3}(摔了|掉下去|掉进|摔下去|跌落|坠落)|(腿|脚|手|腰|头|身子).{0,2}动不了|跳楼|轻生|烫伤|割伤|撞伤|撞倒|\b(fell|fallen|unconscious|injured|bleeding|collapsed)\b/gi,
  },
  {
    hazard: 'missing',
    re: /走失|(小孩|孩子|儿子|女儿|老人|老太太|老爷子|父亲|母亲|爸|妈|爷爷|奶奶|外婆|外公)(放学|出去|出门|下楼)?(后|以后)?(又|也|突然|一直|就|还)?(不见了|找不到了|丢了|走丢|没回来)/g,
  },
];

/** Clauses: a danger is read within the words said together. */
const CLAUSE = /[，,。.！!？?；;：:~～…、]+|(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/u;
/**
 * Words with 不 that do not negate what follows: "不得了 着火了", "插座不停冒火花", "水止不住".
 * Taken out before the negation is looked for.
 */
const NOT_NEGATING =
  /不得了|不好了|不行了|了不得|不停|不断|不住|不少|不小|不知|不清楚|受不了|不对劲|不对|不然/g;
/** A negation just before the word: "打不着火", "没有煤气味", "没闻到煤气味", "无人被困". */
const NEGATED = /[没不未无别非甭唔冇]|\b(no|not|n't)\b/i;
/** Spoken of as a risk, a drill or a question, not as happening now. */
const HYPOTHETICAL =
  /差点|险些|差一点|容易|万一|如果|要是|假如|防止|避免|以免|小心|预防|演练|演习|会不会|是否|以防|怎么防|注意|提醒|以前|上次|去年|之前|昨天|前天|上周|上个月|听说|据说|新闻|if |in case/i;
/** "会摔倒", "怕滑倒", "易漏电": a risk spoken of just before the word. */
const RISK = /(?<!可)[会怕易]$/;

/** Spoken of as a risk just after the word: "有火灾隐患", "有漏电危险". */
const RISK_AFTER = /^(隐患|风险|危险|的可能|.{0,2}(住院|送医|送去医院|出院))/;
/** The message says it is over: "已经灭了", "现在没事了", "虚惊一场". */
const OVER = /(现在|已经|目前)(没事了|灭了|好了|处理好了|修好了|没味了)|虚惊一场|\b(anymore|all fine now)\b/;

/** Whether the word found between `before` and `after` (its clause) is said to be happening. */
function meant(before: string, after = ''): boolean {
  return (
    !NEGATED.test(before.slice(-3)) &&
    !HYPOTHETICAL.test(before) &&
    !RISK.test(before) &&
    !RISK_AFTER.test(after)
  );
}

/** A cry for help ("救命", "快来人", "help"). */
const CALL = /救命|救救(我|我们)?|快来人|来人(啊|呀|哪|呐)|\b(help( me)?|sos)\b/gi;
const CALLED = new RegExp(CALL.source, 'i');
/** What may stand around a cry that says nothing more: particles, "please", "property", "quick". */
const CALL_FILLER =
  /[啊呀哪呐啦吖喂哇呜快点来人了吗呢嘛吧帮忙求请赶紧马上们你我谁有在的!！?？.。,，~～…\s]|物业|保安|please|pls|plz|quick|someone|anyone|urgent/gi;

/**
 * A cry for help and nothing else ("救命", "救命啊！！", "快来人啊", "help!"): someone in trouble
 * who cannot or did not say what. Said with something else ("救命，消防通道停满了车"), that
 * something is read instead (and the cry makes it urgent).
 */
export const cryForHelp = (text: string): boolean =>
  CALLED.test(text) && text.replace(CALL, '').replace(CALL_FILLER, '').trim() === '';

/** The danger a message speaks of (normalised, simplified text), if any. */
export function hazardIn(text: string): Hazard | undefined {
  if (OVER.test(text)) return undefined;
  const clauses = text.replace(NOT_NEGATING, '·').split(CLAUSE).filter(Boolean);
  for (const sign of SIGNS)
    for (const clause of sign.whole ? [text.replace(NOT_NEGATING, '·')] : clauses) {
      if (sign.harmless?.(clause) || sign.harmless?.(text)) continue;
      for (const m of clause.matchAll(sign.re))
        if (meant(clause.slice(0, m.index), clause.slice(m.index + m[0].length))) return sign.hazard;
    }
  return cryForHelp(text) ? 'sos' : undefined;
}
