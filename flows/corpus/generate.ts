/**
 * Builds the labelled understanding corpus (flows/corpus/understanding.tsv) and the group-chat
 * corpus (flows/corpus/group-messages.tsv) from hand-written messages and core phrases wrapped in
 * owners' ways of writing. Deterministic (fixed seed): run `npm run corpus:understanding` after
 * editing the sources and commit the output. The split is decided here, once, by group.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { normalizeText } from '../../src/chat/text/normalize.js';
import { departmentFor, type Category } from '../../src/chat/understanding/labels.js';
import { findSlots } from '../../src/chat/understanding/slots.js';
import { lexicon } from '../../src/chat/understand.js';
import { TICKET_KINDS, type TicketKind } from '../../src/domain/roles.js';
import { hazardIn } from '../../src/domain/hazards.js';
import { CORES } from './cores.js';

const dir = import.meta.dirname;
const SEED = 20261129;
const TEST_SHARE = 0.25;

/** mulberry32: a small seeded generator, so the corpus and the split never change by accident. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hash = (s: string) => {
  let h = SEED;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 2654435761) >>> 0;
  return h;
};
/** The split of a group, from its id alone. */
const splitOf = (group: string) => (rng(hash(group))() < TEST_SHARE ? 'test' : 'train');

const random = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const sample = <T>(xs: readonly T[], n: number): T[] => {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]!);
  return out;
};

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
const TYPOS: Array<[string, string]> = [
  ['漏水', '楼水'],
  ['电梯', '电题'],
  ['电梯', '电提'],
  ['马桶', '马通'],
  ['水管', '水馆'],
  ['停电', '停店'],
  ['垃圾', '拉圾'],
  ['维修', '维休'],
  ['物业', '物页'],
  ['坏了', '怀了'],
  ['噪音', '燥音'],
  ['投诉', '投述'],
  ['插座', '插坐'],
  ['门禁', '门进'],
  ['燃气', '然气'],
  ['堵', '赌'],
  ['楼道', '楼到'],
  ['装修', '装休'],
];
const CANTONESE: Array<[RegExp, string]> = [
  [/没有/g, '冇'],
  [/没/g, '冇'],
  [/了/g, '咗'],
  [/的/g, '嘅'],
  [/这/g, '呢'],
  [/那/g, '嗰'],
  [/是/g, '系'],
  [/不/g, '唔'],
  [/在/g, '喺'],
  [/看/g, '睇'],
  [/一些/g, '啲'],
  [/什么/g, '咩'],
  [/怎么/g, '点样'],
];
const typo = (s: string) => {
  const options = TYPOS.filter(([a]) => s.includes(a));
  if (!options.length) return undefined;
  const [a, b] = pick(options);
  return s.replace(a, b);
};
const cantonese = (s: string) => CANTONESE.reduce((t, [re, to]) => t.replace(re, to), s);

const UNITS = [
  '3栋2单元1201',
  '12-1-502',
  '3号楼',
  '8栋1单元302室',
  '5幢601',
  '2号楼3单元501',
  '10栋1802',
  '7-2-1101',
];
const PHONES = ['13812345678', '139 1234 5678', '15900001111', '186-0000-2222', '13700137000'];
const TIMES = [
  '明天上午',
  '今晚8点前',
  '后天下午两点到四点',
  '周末',
  '下午3点以后',
  '工作日晚上',
  '明天9点',
  '这两天',
];
const EMOJI = ['😭', '😡', '🙏', '😤', '💦', '🔥', '😱', '👍', '[流泪]', '[抓狂]', '[发怒]'];

type Wrapper = (p: string) => string;
/**
 * How owners wrap a core phrase, per kind. A "了" is added where the phrase is a state. Requests
 * (repair, help) get angry and blaming wrappers too: the tone never makes a situation a complaint
 * (flows/corpus/README.md, rule 2); only what the message is about does.
 */
const WRAPPERS: Record<TicketKind, Wrapper[]> = {
  repair: [
    (p) => p,
    (p) => `${p}了`,
    (p) => `你好，${p}了，麻烦派人来修一下`,
    (p) => `报修：${p}`,
    (p) => `${pick(UNITS)} ${p}，请尽快安排师傅`,
    (p) => `${p}！！急！`,
    (p) => `${p}了${pick(EMOJI)}${pick(EMOJI)}`,
    (p) => `${p}了，电话${pick(PHONES)}`,
    (p) => `${p}，${pick(TIMES)}在家`,
    (p) => `${p}了，照片发给你们了`,
    (p) => `喂你好 就是 ${p}了 你们派个人来看看吧`,
    (p) =>
      `物业你好，不好意思打扰了，是这样的，${p}，已经两天了，一直将就着用，今天实在不行了，麻烦你们安排一下，谢谢`,
    (p) => `又${p}了，上个月才弄过`,
    (p) => `麻烦看一下，${p}`,
    (p) => `${p}，什么时候能来处理？`,
    (p) => `${p}好几天了都没人管`,
    (p) => `物业干什么吃的，${p}了也没人弄`,
    (p) => `${p}了，你们到底管不管？${pick(EMOJI)}`,
  ],
  complaint: [
    (p) => p,
    (p) => `投诉：${p}`,
    (p) => `${p}，你们物业管不管？`,
    (p) => `${p}，已经好几次了，受不了了`,
    (p) => `我要投诉，${p}`,
    (p) => `${p}！！！`,
    (p) => `${p}，太过分了${pick(EMOJI)}`,
    (p) => `那个我要反映个事情 就是${p} 你们能不能管管`,
    (p) => `${pick(UNITS)}业主，${p}，请处理`,
    (p) => `${p}，说了多少次了也没用，你们就是收钱不办事`,
    (p) => `反映一下：${p}，希望尽快解决`,
    (p) => `${p}，我拍了照片，你们自己看`,
  ],
  help: [
    (p) => p,
    (p) => `求助：${p}`,
    (p) => `${p}，快来人帮忙`,
    (p) => `${p}，能帮帮我吗`,
    (p) => `救命，${p}`,
    (p) => `急！${p}，电话${pick(PHONES)}`,
    (p) => `${p}了 怎么办啊${pick(EMOJI)}`,
    (p) => `你好 ${p} 麻烦你们派个人过来 ${pick(UNITS)}`,
    (p) => `${p}，保安呢？赶紧来处理`,
    (p) => `${p}了 你们管不管啊`,
  ],
  inquiry: [
    (p) => p,
    (p) => `请问${p}`,
    (p) => `你好，想问一下${p}`,
    (p) => `${p}？`,
    (p) => `咨询一下，${p}`,
    (p) => `问下${p}啊`,
    (p) => `麻烦问下${p}，谢谢`,
    (p) => `那个 我想问问 ${p}`,
    (p) => `${p}？？有人知道吗`,
  ],
  suggestion: [
    (p) => `建议${p}`,
    (p) => `希望物业${p}`,
    (p) => `能不能${p}`,
    (p) => `提个建议，${p}`,
    (p) => `我觉得应该${p}`,
    (p) => `如果能${p}就好了`,
    (p) => `给物业提个意见：${p}，大家都方便`,
  ],
  praise: [
    (p) => `表扬${p}`,
    (p) => `${p}，谢谢！`,
    (p) => `感谢${p}`,
    (p) => `${p}，点赞👍`,
    (p) => `${p}，服务太好了`,
    (p) => `要夸一下，${p}，辛苦了`,
  ],
};

interface Row {
  id: string;
  group: string;
  source: 'hand' | 'template' | 'legacy' | 'junk';
  text: string;
  kind: TicketKind | 'none';
  category?: Category;
}

function coreRows(): Row[] {
  const rows: Row[] = [];
  const cores = CORES.trim().split('\n');
  cores.forEach((line, i) => {
    const [category, kind, phrase] = line.trim().split(/\s+/) as [Category, TicketKind, string];
    const group = `core-${i}`;
    const texts = new Set<string>();
    for (const w of sample(WRAPPERS[kind], 6)) texts.add(w(phrase));
    const base = [...texts];
    // Ways of writing: a typo, Cantonese, traditional script.
    const t = typo(pick(base));
    if (t) texts.add(t);
    if (random() < 0.5) texts.add(cantonese(pick(base)));
    texts.add(toTraditional(pick(base)));
    [...texts].forEach((text, j) =>
      rows.push({ id: `${group}-${j}`, group, source: 'template', text, kind, category }),
    );
  });
  return rows;
}

function tsvRows(file: string, source: Row['source'], prefix: string): Row[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l, i) => {
      const [text, kind, category] = l.split('\t');
      if (!text || !kind || !(kind === 'none' || (TICKET_KINDS as readonly string[]).includes(kind)))
        throw new Error(`${file}:${i + 1}: bad line ${l}`);
      const id = `${prefix}-${i}`;
      return {
        id,
        group: id,
        source,
        text: text.trim(),
        kind: kind as Row['kind'],
        category: category && category !== '-' ? (category.trim() as Category) : undefined,
      };
    });
}

/** Nonsense nobody should turn into a ticket. */
function junkRows(): Row[] {
  const rows: Row[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < 30; i++) {
    const kind = i % 5;
    let text: string;
    if (kind === 0)
      text = Array.from({ length: 4 + Math.floor(random() * 10) }, () => pick([...letters])).join('');
    else if (kind === 1)
      text = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(EMOJI)).join('');
    else if (kind === 2) text = pick(PHONES);
    else if (kind === 3) text = String(Math.floor(random() * 1e6));
    else text = pick(['[表情]', '[图片]', '[语音]', '[红包]', '[链接]', '…', '~~~', '？', '!!!']);
    rows.push({ id: `junk-${i}`, group: `junk-${i}`, source: 'junk', text, kind: 'none' });
  }
  // Links pasted with their share text: never a report, whatever words the share text holds.
  const SHARES = [
    (u: string) => u,
    (u: string) => `【淘宝】${u} 复制打开手机淘宝`,
    (u: string) => `快来帮我砍一刀 ${u}`,
    (u: string) => `点击链接查看详情 ${u}`,
    (u: string) => `分享一个视频给你 ${u}`,
    (u: string) => `【京东】我在京东发现了一个好东西 ${u}`,
    (u: string) => `${u} 这个好用吗`,
    (u: string) => `看看这个 ${u}`,
  ];
  SHARES.forEach((share, i) => {
    const u = `https://${pick(['m.tb.cn', 'v.douyin.com', 'u.jd.com', 'mp.weixin.qq.com'])}/${Array.from({ length: 8 }, () => pick([...letters])).join('')}`;
    rows.push({ id: `link-${i}`, group: `link-${i}`, source: 'junk', text: share(u), kind: 'none' });
  });
  return rows;
}

const lex = lexicon();
function columns(r: Row): string[] {
  const norm = normalizeText(r.text).text;
  const kind = r.kind === 'none' ? undefined : r.kind;
  const department = departmentFor(kind, r.category, norm) ?? '';
  const slots = findSlots(norm);
  const pub = lex.publicPlaces.some((w) => norm.includes(w));
  const priv = lex.privatePlaces.some((w) => norm.includes(w));
  const scope = !kind ? '' : priv ? 'in_unit' : pub ? 'public' : '';
  const place = pub ? (lex.publicPlaces.find((w) => norm.includes(w)) ?? '') : '';
  const urgent =
    kind && ([...lex.urgentWords, ...lex.emergencyWords].some((w) => norm.includes(w)) || hazardIn(norm))
      ? '1'
      : '';
  return [
    r.id,
    r.group,
    splitOf(r.group),
    r.source,
    r.text.replace(/\t/g, ' '),
    r.kind,
    r.category ?? '',
    department,
    scope,
    slots.time ?? '',
    slots.phone ?? '',
    slots.unit ?? '',
    place,
    urgent,
    slots.photo ? '1' : '',
  ];
}

const owner: Row[] = [
  ...tsvRows('owner-messages.tsv', 'legacy', 'legacy'),
  ...readdirSync(dir)
    .filter((f) => /^handwritten-\d+\.tsv$/.test(f))
    .sort()
    .flatMap((f) => tsvRows(f, 'hand', f.replace('.tsv', ''))),
  ...coreRows(),
  ...junkRows(),
];
const header =
  'id\tgroup\tsplit\tsource\ttext\tkind\tcategory\tdepartment\tscope\ttime\tphone\tunit\tplace\turgent\tphoto';
writeFileSync(
  join(dir, 'understanding.tsv'),
  `${header}\n${owner.map((r) => columns(r).join('\t')).join('\n')}\n`,
);

const group = tsvRows('group-source.tsv', 'hand', 'group');
writeFileSync(
  join(dir, 'group-messages.tsv'),
  `id\tgroup\tsplit\ttext\tlabel\n${group
    .map((r) =>
      [r.id, r.group, splitOf(r.group), r.text, r.kind === 'none' ? 'chatter' : 'report'].join('\t'),
    )
    .join('\n')}\n`,
);
const count = (rows: Row[], split: string) => rows.filter((r) => splitOf(r.group) === split).length;
console.log(
  `understanding.tsv: ${owner.length} messages (train ${count(owner, 'train')}, test ${count(owner, 'test')}); ` +
    `group-messages.tsv: ${group.length} (train ${count(group, 'train')}, test ${count(group, 'test')})`,
);
