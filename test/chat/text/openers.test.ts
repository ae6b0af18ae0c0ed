import { withoutOpeners } from '../../../src/chat/text/openers.js';

describe('the description leaves off what is said before the problem', () => {
  it.each([
    ['你好 我家卫生间的水管一直在滴水 好几天了', '我家卫生间的水管一直在滴水 好几天了'],
    ['还有客厅的灯也不亮了，換了燈泡也没用', '客厅的灯也不亮了，換了燈泡也没用'],
    ['您好，麻烦一下，3栋电梯坏了', '3栋电梯坏了'],
    ['物业你好 楼道灯坏了', '楼道灯坏了'],
    ['师傅你好，我家厨房下水道堵了', '我家厨房下水道堵了'],
    ['師傅您好 客廳插座沒電了', '客廳插座沒電了'],
    ['在吗？厨房漏水', '厨房漏水'],
    ['對了，陽台燈也壞了', '陽台燈也壞了'],
    ['hello, my kitchen tap leaks', 'my kitchen tap leaks'],
    ['wait, also the kitchen light is broken', 'the kitchen light is broken'],
    ['Also the bathroom fan is noisy', 'the bathroom fan is noisy'],
    ['oh and by the way, the lift is stuck', 'the lift is stuck'],
    ['One more thing: the doorbell is broken', 'the doorbell is broken'],
    ['btw the hallway light is out', 'the hallway light is out'],
  ])('%s → %s', (said, kept) => expect(withoutOpeners(said)).toBe(kept));

  it.each([
    '请问物业费怎么交',
    '还有点漏水',
    '好几天了水管漏水',
    '你好',
    '物业费太贵了',
    '管家服务不好',
    '师傅 来得太慢了',
    '师傅修得很好',
    'wait for me at the gate',
    'oh no the pipe burst',
  ])('keeps %s whole (the words belong to it)', (said) => expect(withoutOpeners(said)).toBe(said));
});
