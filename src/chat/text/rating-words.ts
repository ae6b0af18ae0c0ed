import { chineseNumber } from '../../domain/cn-numerals.js';

/**
 * A rating said in words anywhere in a reply ("挺满意的，给五星", "还可以吧，就是等了好久",
 * "修好了 谢谢物业 5分", "说得好听 晚上去看又满了 不满意"). Looser than `parseRating`, so it is
 * only taken while the owner has a ticket waiting for their rating, recently completed (the
 * rating command checks).
 */
export function readRatingWords(text: string): { score: number; comment: string } | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t || t.length > 200) return undefined;
  const comment = t;
  const n = /([1-5]|[一二两三四五])\s*(?:分|星|颗星)/.exec(t);
  if (n) {
    const score = /\d/.test(n[1]!) ? Number(n[1]) : chineseNumber(n[1]!);
    if (score && score >= 1 && score <= 5) return { score, comment };
  }
  if (/不满意|不太满意|差评|太差|很差|非常差|真差|没修好|还是坏|还是漏|没解决/.test(t))
    return { score: 1, comment };
  if (/非常满意|很满意|挺满意|超满意|特别满意|十分满意|满分|好评|五星/.test(t)) return { score: 5, comment };
  if (/一般般?|还行|还可以|凑合|马马虎虎|将就/.test(t)) return { score: 3, comment };
  // praise with a "but" is not quite full marks
  if (/满意|挺好|不错|很好|真好|很专业|辛苦了|👍|👌/.test(t))
    return { score: /就是|但是|不过|可惜/.test(t) ? 4 : 5, comment };
  return undefined;
}
