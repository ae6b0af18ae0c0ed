import { chineseNumber } from '../../domain/cn-numerals.js';

/**
 * A rating said in words anywhere in a reply ("挺满意的，给五星", "还可以吧，就是等了好久",
 * "修好了 谢谢物业 5分", "说得好听 晚上去看又满了 不满意"). Looser than `parseRating`, so it is
 * only taken while the owner has a ticket waiting for their rating, recently completed (the
 * rating command checks).
 */
/**
 * Said after "it is handled" when it is not: "骗人 我刚下楼看 车还停在那里", "根本没人来处理",
 * "还是老样子", "敷衍了事". Dissatisfaction in words, while a rating or callback is awaited.
 */
const NOT_DONE =
  /骗人|骗子|胡说|瞎说|乱说|忽悠|敷衍|糊弄|说谎|撒谎|根本(?:就)?没|压根(?:就)?没|并没有|一点(?:都|也)?没(?:变|用)|还(?:停|堆|放|摆|占)在|还在(?:那|原地|吵|响|漏|堵)|还是(?:老样子|一样|没|不行|那样|坏|漏|堵|吵)|(?:没|没有)(?:人)?(?:来|处理|解决|管|挪|动|清|修|弄|搞)(?:过|好|走|掉|理)?(?:啊|呀|嘛|吧|呢|[,，。!！\s]|$)|没(?:有)?(?:任何)?(?:变化|效果|改善)|没用|不管用|假的/;

const SORTED =
  /(?:好|安静|干净|正常|通畅)多了|(?:已经|都|终于)?(?:解决|挪走|移走|搬走|清走|清理干净|处理好|修好|弄好|通了)了|没(?:有)?问题了|恢复正常/;

/** The same in English ("not satisfied, still leaking", "very satisfied", "so-so", "great job"). */
const EN_BAD =
  /\b(?:not|un|dis)\s*satisfied\b|\b(?:terrible|awful|useless|very bad|not fixed|not solved)\b|\bstill\s+(?:leak|broken|block|not|the same|there|noisy|dripping)/i;
const EN_BEST =
  /\b(?:very|extremely|really|totally)\s+satisfied\b|\b(?:excellent|perfect|outstanding|amazing)\b/i;
const EN_SO_SO = /\bso[\s-]?so\b|\b(?:average|mediocre|not bad|could be better)\b/i;
const EN_GOOD = /\bsatisfied\b|\b(?:great|good job|well done|very good|nice job|professional)\b/i;

export function readRatingWords(text: string): { score: number; comment: string } | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 200) return undefined;
  const comment = t;
  const n =
    /([1-5]|[一二两三四五])\s*(?:分|星|颗星)/.exec(t) ??
    /(?<![\d.])([1-5])\s*(?:stars?\b|\/\s*5(?!\d)|out\s+of\s+5)/i.exec(t);
  if (n) {
    const score = /\d/.test(n[1]!) ? Number(n[1]) : chineseNumber(n[1]!);
    if (score && score >= 1 && score <= 5) return { score, comment };
  }
  if (
    /不满意|不太满意|差评|太差|很差|非常差|真差|没修好|还是坏|还是漏|没解决/.test(t) ||
    NOT_DONE.test(t) ||
    EN_BAD.test(t)
  )
    return { score: 1, comment };
  if (/非常满意|很满意|挺满意|超满意|特别满意|十分满意|满分|好评|五星/.test(t) || EN_BEST.test(t))
    return { score: 5, comment };
  if (/一般般?|还行|还可以|凑合|马马虎虎|将就/.test(t) || EN_SO_SO.test(t)) return { score: 3, comment };
  // praise with a "but" is not quite full marks
  if (/满意|挺好|不错|很好|真好|很专业|辛苦了|👍|👌/.test(t) || EN_GOOD.test(t))
    return { score: /就是|但是|不过|可惜|\b(?:but|though|except)\b/i.test(t) ? 4 : 5, comment };
  // the outcome told instead of a score: "这两天晚上安静多了 谢谢", "车已经挪走了"
  // (short, no question, nothing else reported beside it: "修好了 但是卫生间又堵了" is a new report)
  if (SORTED.test(t) && t.length <= 30 && !/[?？吗]|但|又|还有|另外|也|不过/.test(t))
    return { score: 5, comment };
  return undefined;
}
