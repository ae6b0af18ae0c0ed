import { progress } from '../../../src/chat/commands/owner.js';

const match = (text: string) => progress.match({ text, inGroup: false });

describe('asking after one’s own order', () => {
  it.each(['师傅什么时候来', '怎么还没来啊', '修树的师傅几点来', '我的报修到哪了'])(
    '“%s” asks after the order',
    (text) => {
      expect(match(text)).toBeTruthy();
    },
  );

  it.each(['今天为什么停水啊 什么时候来水', '停电了 啥时候来电', '怎么还没来水', '几点来电啊'])(
    '“%s” asks after the supply, not an order',
    (text) => {
      expect(match(text)).toBeUndefined();
    },
  );
});
