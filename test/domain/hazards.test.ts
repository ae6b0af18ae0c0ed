import { hazardIn, type Hazard } from '../../src/domain/hazards.js';
import { normalizeText } from '../../src/chat/text/normalize.js';

/** What the intake reads: simplified, half-width (traditional owners' words included). */
const read = (said: string) => hazardIn(normalizeText(said).text);

describe('a danger said in an owner’s own words', () => {
  it.each<[string, Hazard]>([
    ['闻到好大一股煤气味 在厨房', 'gas'],
    ['4棟2單元樓道好大陣煤氣味', 'gas'],
    ['家里燃气好像泄漏了，味道很冲', 'gas'],
    ['厨房天然气管道漏气 嘶嘶响', 'gas'],
    ['燃氣灶打不著火 而且一直有瓦斯味', 'gas'],
    ['卧室插座冒火花了 还有焦味', 'electric'],
    ['插座不停冒火花', 'electric'],
    ['客厅插座冒烟了', 'electric'],
    ['電線燒焦了 有股燒焦味', 'electric'],
    ['家里漏电 摸水龙头麻手', 'electric'],
    ['不得了 厨房着火了', 'fire'],
    ['楼道里好大的烟 是不是哪家起火了', 'fire'],
    ['5栋顶楼冒黑烟', 'fire'],
    ['電動車在樓道裡起火了', 'fire'],
    ['家里水管爆了 水哗哗的往外喷', 'flood'],
    ['水管爆了，止不住', 'flood'],
    ['楼上漏水 水一直往下灌', 'flood'],
    ['地下室被淹了', 'flood'],
    ['3栋电梯关人了', 'trapped'],
    ['我被困在电梯里了 快来', 'trapped'],
    ['救命啊 2棟電梯把我關在裡面了', 'trapped'],
    ['3栋楼下有个老人摔倒了起不来 快来人', 'injury'],
    ['有個小孩在花園摔傷了 流了好多血', 'injury'],
    ['2栋门口有人晕倒了', 'injury'],
    ['小区里有人被狗咬了', 'injury'],
    ['有人触电了', 'electric'],
    ['孩子放学没回来 在小区里走丢了', 'missing'],
    ['我家老人不见了 穿灰色外套', 'missing'],
    ['3号楼楼梯间有人躺地上 流了好多血', 'injury'],
    ['家里电饭锅冒烟了 焦糊味很重', 'electric'],
    ['我家厨房好像漏气了，一股臭鸡蛋味', 'gas'],
    ['someone fell in the lobby and is bleeding', 'injury'],
  ])('%s → %s', (said, hazard) => {
    expect(read(said)).toBe(hazard);
  });
});

describe('look-alikes that are no danger', () => {
  it.each([
    '热水器打不着火了 能来修吗',
    '房东不在 我租的房子热水器打不着火了 能来修吗',
    '燃气灶点不着火',
    '熱水器點不著火 麻煩來看看',
    '燃气灶不出火',
    '灶台没火了 是不是没交燃气费',
    '燃气灶火力小',
    '最近上火 嗓子疼',
    '热水器打火打不着',
    '烧水壶冒烟 是水汽吧',
    '楼下烧烤冒烟 熏死了',
    '隔壁抽烟 烟味飘进来',
    '没有煤气味了 谢谢',
    '没闻到燃气味 就是灶打不着',
    '电动车轮胎漏气了',
    '暖气片漏气 嘶嘶响',
    '漏电开关老是跳',
    '漏電保護器跳了 沒電',
    '花洒喷水很小',
    '小区喷泉不喷水了',
    '楼下草坪的喷淋头坏了 一直在喷水',
    '洗衣机排水管往外冒水',
    '楼道地太滑 容易摔倒',
    '差点滑倒 地上全是水',
    '台阶太高 老人会摔倒的',
    '提醒大家注意防火',
    '万一着火怎么办 消防通道被堵了',
    '上次着火的那家装修好了吗',
    '电梯坏了 还好没关人',
    '没有人受伤 就是车被刮了',
    '水龙头漏水',
    '灯泡坏了',
    '锅里的菜烧糊了 一股焦糊味',
    '煤气灶点火点不着 是不是没电池了',
    '快递丢了',
    '孩子的自行车不见了',
    '不是着火 是楼下烧秸秆 烟好大',
  ])('%s', (said) => {
    expect(read(said)).toBeUndefined();
  });
});
