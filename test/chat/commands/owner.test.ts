import { asksAfterOrder } from '../../../src/chat/commands/owner.js';

describe('an owner asking after an order already reported', () => {
  it.each([
    '师傅大概几点会到',
    '师傅大概几点到啊',
    '修树的人来了没有',
    '师傅到了吗',
    '怎么还没人来',
    '咋还没来啊 都等一上午了',
    '我报的那个修了没',
    '什么时候能上门',
    '多久才能来',
    '有人管吗',
    '我的维修进度呢',
    '还没有人联系我',
    '处理好了吗',
  ])('reads "%s" as asking', (text) => expect(asksAfterOrder(text)).toBe(true));

  it.each([
    '厨房水管漏水了',
    '明天上午来吧',
    '楼道灯不亮了 晚上很黑',
    '谢谢师傅',
    '物业费怎么交',
    '卫生间下水道堵了，水都漫出来了，楼下说天花板在滴水，什么时候能来一趟赶紧处理一下吧拜托了',
  ])('does not read "%s" as asking', (text) => expect(asksAfterOrder(text)).toBe(false));
});
