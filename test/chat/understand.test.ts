import {
  groupCorpus,
  HELD_BACK_SETS,
  heldBackGroup,
  heldBackOwner,
  ownerCorpus,
} from '../../src/chat/understanding/corpus.js';
import { evaluateGate, evaluateOwner, pct } from '../../src/chat/understanding/evaluate.js';
import { corpusHash, models } from '../../src/chat/understanding/model.js';
import { readFileSync } from 'node:fs';
import { MODEL_FILE } from '../../src/chat/understanding/model.js';
import { normalizeText } from '../../src/chat/text/normalize.js';
import { isGroupReport, understand } from '../../src/chat/understand.js';

const read = (text: string) => understand(normalizeText(text).text);

describe('understanding owner messages (trained model, flows/corpus/model.json)', () => {
  const owner = ownerCorpus();
  const group = groupCorpus();

  it('has a labelled corpus of at least 1,500 owner messages and 300 group messages, split once', () => {
    expect(owner.filter((m) => m.kind !== 'none').length).toBeGreaterThanOrEqual(1500);
    expect(group.length).toBeGreaterThanOrEqual(300);
    for (const rows of [owner, group]) {
      expect(rows.every((m) => m.split === 'train' || m.split === 'test')).toBe(true);
      expect(rows.filter((m) => m.split === 'test').length).toBeGreaterThan(rows.length / 6);
    }
    // No group (a core phrase and its variants) is on both sides of the split.
    const sides = new Map<string, Set<string>>();
    for (const m of owner) sides.set(m.group, (sides.get(m.group) ?? new Set()).add(m.split));
    expect([...sides.values()].filter((s) => s.size > 1)).toHaveLength(0);
    expect(owner.filter((m) => normalizeText(m.text).traditional).length).toBeGreaterThanOrEqual(100);
  });

  it('ships a model trained on the current corpus', () => {
    const stored = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as { corpus: string };
    expect(stored.corpus).toBe(corpusHash());
    expect(models().kind).toBeDefined();
  });

  it('meets its goals on the test split: kind ≥ 95%, category ≥ 90%, department ≥ 90%', () => {
    const e = evaluateOwner(owner.filter((m) => m.split === 'test'));
    console.log(
      `test split: kind ${pct(e.kind)}, category ${pct(e.category)}, department ${pct(e.department)}, chatter ${pct(e.chatter)}`,
    );
    // Reached (npm run eval:understanding): kind 95.9%, category 93.5%, department 96.6%.
    expect(e.kind.hits / e.kind.total).toBeGreaterThanOrEqual(0.95);
    expect(e.category.hits / e.category.total).toBeGreaterThanOrEqual(0.92);
    expect(e.department.hits / e.department.total).toBeGreaterThanOrEqual(0.94);
    expect(e.chatter.hits).toBe(e.chatter.total);
  });

  it('keeps group chatter out: precision ≥ 97%, recall ≥ 90% on the test split', () => {
    // Reached: precision 98.3%, recall 93.5%.
    const g = evaluateGate(group.filter((m) => m.split === 'test'));
    console.log(`group gate: precision ${g.precision.toFixed(3)}, recall ${g.recall.toFixed(3)}`);
    expect(g.precision).toBeGreaterThanOrEqual(0.97);
    expect(g.recall).toBeGreaterThanOrEqual(0.9);
  });

  // flows/corpus/heldback*-*.tsv: written apart, never trained or tuned on. Reached: heldback kind
  // 95.2%, category 90.9%, department 94.4%, gate P 98.5% R 95.5%; heldback2 kind 92.0%, category
  // 87.5%, department 91.0%, gate P 100% R 93.6%. Guards regressions with a margin.
  it.each([
    ['heldback', { owner: 250, group: 150, kind: 0.94, category: 0.89, department: 0.93 }],
    ['heldback2', { owner: 200, group: 120, kind: 0.91, category: 0.86, department: 0.9 }],
  ] as const)('generalises to the held-back set %s nobody trained on', (set, at) => {
    const e = evaluateOwner(heldBackOwner(set));
    expect(e.messages).toBeGreaterThanOrEqual(at.owner);
    expect(e.kind.hits / e.kind.total).toBeGreaterThanOrEqual(at.kind);
    expect(e.category.hits / e.category.total).toBeGreaterThanOrEqual(at.category);
    expect(e.department.hits / e.department.total).toBeGreaterThanOrEqual(at.department);
    expect(e.chatter.hits / e.chatter.total).toBeGreaterThanOrEqual(0.9);
    const g = evaluateGate(heldBackGroup(set));
    expect(g.messages).toBeGreaterThanOrEqual(at.group);
    expect(g.precision).toBeGreaterThanOrEqual(0.97);
    expect(g.recall).toBeGreaterThanOrEqual(0.92);
  });

  it('never trains on the held-back messages', () => {
    const trained = new Set([...owner, ...group].map((m) => normalizeText(m.text).text));
    // Short chatter ("好的", "晚安") cannot help repeating; a report must never be seen in training.
    const reports = HELD_BACK_SETS.flatMap((set) => [
      ...heldBackOwner(set).filter((m) => m.kind !== 'none'),
      ...heldBackGroup(set).filter((m) => m.report),
    ]);
    expect(reports.length).toBeGreaterThan(500);
    expect(reports.filter((m) => trained.has(normalizeText(m.text).text)).map((m) => m.text)).toEqual([]);
  });

  it.each([
    ['厨房水管漏水了', { kind: 'repair', category: 'plumbing', department: 'engineering', scope: 'in_unit' }],
    ['3栋电梯坏了', { kind: 'repair', category: 'elevator', scope: 'public', location: '3栋电梯' }],
    ['表扬维修工老张，半夜来修水管', { kind: 'praise', department: 'engineering' }],
    ['家里有股煤气味', { kind: 'repair', category: 'gas', urgent: true }],
    ['投诉楼上天天半夜拖椅子', { kind: 'complaint', category: 'noise', department: 'security' }],
  ])('reads %s', (text, expected) => {
    expect(read(text)).toMatchObject({ ...expected, isReport: true, isChatter: false });
  });

  // Buildings in Chinese numerals (also the financial forms), a typo of the lift, and a place of
  // adjacent words: the building and the place an owner said are kept, not the broadest word.
  it.each([
    ['一栋电体坏了', { category: 'elevator', scope: 'public', location: '1栋电梯' }],
    ['一栋电体坏了 关不上门', { category: 'elevator', scope: 'public', location: '1栋电梯' }],
    ['二号楼电梯坏了', { category: 'elevator', location: '2栋电梯' }],
    ['三幢电梯不动了', { category: 'elevator', location: '3栋电梯' }],
    ['十二栋电梯坏了', { category: 'elevator', location: '12栋电梯' }],
    ['5号楼2单元电梯坏了', { category: 'elevator', location: '5栋2单元电梯' }],
    ['壹栋电梯坏了', { category: 'elevator', location: '1栋电梯' }],
    ['小区门口路灯不亮', { category: 'lighting', scope: 'public', location: '小区门口路灯' }],
    ['小区门口的路燈還是不亮', { category: 'lighting', location: '小区门口' }],
    ['3栋2单元门口路灯不亮', { category: 'lighting', location: '3栋2单元门口路灯' }],
    ['地下车库的灯不亮', { category: 'lighting', location: '地下车库' }],
    ['小区东门的道闸坏了', { scope: 'public', location: '小区东门' }],
    ['二单元门禁坏了', { scope: 'public', location: '2单元门禁' }],
    ['我家楼层的电梯门关不上', { category: 'elevator', scope: 'public', location: '电梯' }],
    ['客厅的灯不亮', { category: 'electrical', scope: 'in_unit' }],
    ['3座部𨋢壞咗', { category: 'elevator', scope: 'public', location: '3栋电梯' }],
    ['升降機壞咗', { category: 'elevator', scope: 'public', location: '电梯' }],
    ['個水喉爆咗', { category: 'plumbing', scope: 'in_unit' }],
  ])('reads the building and place of %s', (text, expected) => {
    expect(read(text)).toMatchObject({ kind: 'repair', ...expected });
  });

  it('never guesses a place the words do not point at (asked instead)', () => {
    expect(read('楼到灯坏了').location).toBeUndefined();
    expect(read('垃圾桶满了没人倒').location).not.toBe('垃圾站');
    expect(read('井盖松了').location).toBe('井盖');
  });

  // What a cleaning or greening report names ("垃圾桶", "臭", "树") is what is wrong, not where:
  // the place is the place words said ("2栋门口", "楼下"), else none and the owner is asked.
  it.each([
    ['二号楼门口那个垃圾桶满了', '2栋门口'],
    ['二號樓門口那個垃圾桶滿了', '2栋门口'],
    ['5栋门口的垃圾桶满了好几天都没人倒', '5栋门口'],
    ['楼下垃圾桶满了', '楼下'],
    ['樓下垃圾桶滿晒，麻煩清一清', '楼下'],
    ['3栋楼下好臭', '3栋楼下'],
    ['二号楼楼下的树倒了', '2栋楼下'],
    ['垃圾桶满了', undefined],
    ['垃圾桶滿了', undefined],
    ['好臭啊 谁扔的垃圾', undefined],
    ['树倒了', undefined],
  ])('keeps the place words of %s, never a word of the problem', (text, location) => {
    const u = read(text);
    expect(u).toMatchObject({ kind: 'repair', scope: 'public' });
    expect(u.location).toBe(location);
  });

  it('still reads an installation as its own place, and "楼下" of a home leak as the home', () => {
    expect(read('秋千坏了').location).toBe('秋千');
    expect(read('消防栓漏水了').location).toBe('消防栓');
    expect(read('水漏到楼下了')).toMatchObject({ scope: 'in_unit', location: undefined });
  });

  // A fixture of the owner's home is not one of the estate's facilities (公共设施).
  it.each([
    ['阳台晾衣架坏了', { category: 'fixtures', scope: 'in_unit', department: 'engineering' }],
    ['晾衣架摇不下来了', { category: 'fixtures', scope: 'in_unit' }],
    ['衣柜门掉了', { category: 'fixtures', scope: 'in_unit' }],
    ['抽油烟机声音很大', { category: 'fixtures', scope: 'in_unit' }],
    ['公共晾衣区的晾衣架断了', { category: 'facility', scope: 'public' }],
    ['门卫室旁边的晾衣架倒了', { category: 'facility', scope: 'public' }],
    ['健身器材坏了', { category: 'facility', scope: 'public' }],
  ])('reads %s as a fixture of the home or a facility of the estate', (text, expected) => {
    expect(read(text)).toMatchObject({ kind: 'repair', ...expected });
  });

  it.each(['救命', '救命啊！', '快来人啊'])(
    'reads the bare cry %s as an urgent call for security',
    (text) => {
      expect(read(text)).toMatchObject({
        kind: 'help',
        department: 'security',
        urgent: true,
        isReport: true,
        ambiguous: false,
      });
    },
  );

  it.each(['哈哈', '好的谢谢', '[表情]', 'asdfgh', '😂😂👍', '13812345678', '。。。', '啊'.repeat(10_000)])(
    'never makes a report of chatter or nonsense (#%#)',
    (text) => {
      const u = read(text);
      expect(u).toMatchObject({ isReport: false, isChatter: true });
      expect(u.kind).toBeUndefined();
    },
  );

  it('gives every report a confidence and its likeliest readings, best first', () => {
    const u = read('楼道里很脏，好几天没人扫了');
    expect(u.confidence).toBeGreaterThan(0);
    expect(u.confidence).toBeLessThanOrEqual(1);
    expect(u.alternatives[0]).toMatchObject({ kind: u.kind, category: u.category });
    expect(u.alternatives.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < u.alternatives.length; i++)
      expect(u.alternatives[i]!.p).toBeLessThanOrEqual(u.alternatives[i - 1]!.p);
  });

  it('finds slots in the first message', () => {
    expect(read('3栋2单元1201 卫生间漏水，电话13812345678，明天上午在家，照片发你了').slots).toEqual({
      unit: '3栋2单元1201',
      phone: '13812345678',
      time: '明天上午',
      photo: true,
    });
    expect(read('12-1-502 灯不亮').slots.unit).toBe('12-1-502');
  });

  it('reads a car blocking the fire passage as a request for security, not a complaint', () => {
    for (const text of ['4栋门口有辆车乱停，堵住消防通道了', '有車停喺我車庫門口，出唔去'])
      expect(read(text)).toMatchObject({ kind: 'help', category: 'parking', department: 'security' });
  });

  it.each(['有人困在电梯里', '電梯關人了', '電梯困人啦', '救命 电梯卡住了'])(
    'reads %s as urgent, without a question first',
    (text) => {
      expect(read(text)).toMatchObject({
        isReport: true,
        urgent: true,
        ambiguous: false,
        department: 'engineering',
      });
      expect(isGroupReport(normalizeText(text).text)).toBe(true);
    },
  );

  it.each([
    ['楼道好脏，麻烦派人打扫一下', 'cleaning'],
    ['樓下垃圾桶滿晒，麻煩清一清', 'cleaning'],
    ['草坪的草长得太高了，麻烦修剪一下', 'greening'],
    ['楼下的树枝断了挂在半空', 'greening'],
    ['有个陌生人一直在单元门口转悠', 'security'],
  ])('sends the request %s to %s', (text, department) => {
    const u = read(text);
    expect(u).toMatchObject({ department, isReport: true });
    expect(['repair', 'help']).toContain(u.kind);
  });

  it('never makes a report of control characters, or of a page of text', () => {
    expect(read('\u0001\u0002\u0007\u001b')).toMatchObject({ isReport: false, isChatter: true });
    expect(read('楼上漏水'.repeat(2500))).toMatchObject({ isReport: false, isChatter: true });
    expect(read('厨房漏水了\u0007')).toMatchObject({ kind: 'repair', category: 'plumbing' });
  });

  it('asks only when the readings would be handled differently, with calibrated confidence', () => {
    const sure = read('厨房水管漏水了');
    expect(sure.confidence).toBeGreaterThan(0.9);
    expect(sure.ambiguous).toBe(false);
    for (const u of [read('嗯那个东西'), read('这个怎么说呢 你们看着办')])
      if (u.isReport && u.ambiguous) expect(u.alternatives.length).toBeGreaterThan(1);
  });

  it('keeps neighbours asking each other out of tickets in a group', () => {
    for (const text of ['有没有人知道哪里修电梯遥控', '谁有梯子借个用用', '团购的水管清洁剂到了'])
      expect(isGroupReport(normalizeText(text).text)).toBe(false);
  });

  it('picks up a report in an owners group without trigger words, and ignores chatter', () => {
    expect(isGroupReport(normalizeText('4栋门口有辆车乱停，堵住消防通道了').text)).toBe(true);
    expect(isGroupReport(normalizeText('今晚有人一起打羽毛球吗').text)).toBe(false);
    expect(isGroupReport(normalizeText('哈哈哈').text)).toBe(false);
  });

  // flows/corpus/README.md, rules 2 and 3: a situation staff put right with a job is a request to
  // that department whatever the tone; a complaint is about a person or the service.
  it.each([
    ['5栋门口的垃圾桶满了好几天都没人倒', 'repair', 'garbage', 'cleaning'],
    ['垃圾没人收', 'repair', 'garbage', 'cleaning'],
    ['楼道好脏没人扫', 'repair', 'garbage', 'cleaning'],
    ['樓道好髒冇人掃', 'repair', 'garbage', 'cleaning'],
    ['草坪好久没修剪了', 'repair', 'greening', 'greening'],
    ['门口有人乱停车', 'help', 'parking', 'security'],
    ['你们物业还管不管 3栋楼下的垃圾都堆成山了', 'repair', 'garbage', 'cleaning'],
  ])(
    'reads %s as a request (%s/%s) to %s, and picks it up in a group',
    (text, kind, category, department) => {
      expect(read(text)).toMatchObject({ kind, category, department, isReport: true });
      expect(isGroupReport(normalizeText(text).text)).toBe(true);
    },
  );

  it.each([
    ['保安态度太差了', 'security'],
    ['物业收钱不办事', 'customer_service'],
    ['保洁阿姨说话太难听了', 'cleaning'],
  ])('keeps %s a complaint about a person or the service, suggested to %s', (text, department) => {
    expect(read(text)).toMatchObject({ kind: 'complaint', category: 'service', department });
  });
});

describe('a fixture of the home named outweighs a topic guessed without its words', () => {
  it.each([
    '我家阳台晾衣架断了 明天上午来修',
    '我家阳台晾衣架断了 快点',
    '抽油烟机不转了',
    '衣柜门掉了 明天上午来修',
  ])('%s → 户内设施, engineering, in the home', (said) => {
    const u = understand(normalizeText(said).text);
    expect([u.category, u.department, u.scope]).toEqual(['fixtures', 'engineering', 'in_unit']);
  });

  it('leaves a public place, a trade named and a danger as they are', () => {
    expect(understand(normalizeText('公共晾衣区的晾衣架断了').text).category).not.toBe('fixtures');
    expect(understand(normalizeText('灯坏了 明天上午来修').text).category).toBe('lighting');
  });
});
