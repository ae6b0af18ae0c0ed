/**
 * Agreement to a summary in everyday words: "1", "好的 确认", "好 確認", "嗯提交吧", "冇問題",
 * "係 確認", "对 没错", "可以 提交", "yes confirm". Only words of agreement and particles: anything
 * else said with them ("确认 不过电话换成…", "不对") is not a bare yes.
 * The text is normalised (simplified script) before it comes here.
 */
const AGREE = [
  '1',
  '是的?',
  '系的?',
  '对的?',
  '没错',
  '冇错',
  '无错',
  '正确',
  '无误',
  '没问题',
  '没有问题',
  '冇问题',
  '无问题',
  '好的?',
  '好嘞',
  '行',
  '可以',
  '同意',
  '确认',
  '确定',
  '提交',
  '就这样',
  '就是这样',
  '就这么办',
  '得',
  '啱',
  'ok',
  'okay',
  'yes',
  'yep',
  'yeah',
  'y',
  'sure',
  'confirm(?:ed)?',
  'submit',
  'correct',
  'right',
  'fine',
  '👌',
  '👍',
].join('|');
const PARTICLES =
  '的|嗯+|恩+|哦+|噢|喔|吧|啦|了|呀|啊|哈|呢|嘛|咯|喇|嘅|那|就|请|帮我|直接|没事|都|信息|谢谢|多谢|唔该|please|go ahead|thanks';
const ONLY = new RegExp(`^(?:${AGREE}|${PARTICLES})+$`, 'i');
const SOME = new RegExp(`(?:${AGREE})`, 'i');

export function saysYes(text: string): boolean {
  const t = text.replace(/[\s,，。.!！~～、…]+/g, '').toLowerCase();
  return t.length > 0 && t.length <= 20 && ONLY.test(t) && SOME.test(t);
}
