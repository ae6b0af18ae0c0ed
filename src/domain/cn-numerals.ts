/** Small Chinese numerals as times, buildings, entrances and rooms use them ("三栋", "十二号楼"). */
const CN: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  // the financial forms people copy from contracts and signs ("壹栋", "贰单元")
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};

/** 3 / 十 / 十二 / 二十五 / 两 / 壹拾贰 → a number (undefined when not one). */
export function chineseNumber(written: string): number | undefined {
  if (/^\d+$/.test(written)) return Number(written);
  const s = written.replace(/拾/g, '十');
  if (!s || /[^零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖]/.test(s)) return undefined;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? CN[s] : undefined;
  const tens = ten === 0 ? 1 : CN[s.slice(0, ten)];
  const ones = ten === s.length - 1 ? 0 : CN[s.slice(ten + 1)];
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

export const CN_NUMBER = '[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3}';
const BEFORE_PLACE = new RegExp(`(${CN_NUMBER})(?=\\s*(?:号楼|栋|幢|座|单元|號樓|棟|單元))`, 'g');

/** "三号楼的电梯" → "3号楼的电梯": numbered places written in Chinese numerals, as digits. */
export const placeNumeralsToDigits = (text: string) =>
  text.replace(BEFORE_PLACE, (n, _g: string, at: number) =>
    // "两栋楼之间" counts buildings, it names none
    /^[两几]$/.test(n) && /^(?:栋|幢|座)楼/.test(text.slice(at + n.length))
      ? n
      : String(chineseNumber(n) ?? n),
  );

const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/**
 * An amount of money in Chinese numerals, as people say it: 一百二十 → 120, 一百二 → 120 (the
 * unit after the last one is implied), 三百五 → 350, 两千 → 2000, 八十 → 80, 一千零五十 → 1050.
 */
export function chineseAmount(s: string): number | undefined {
  if (!s || /[^零〇一二两三四五六七八九十百千万]/.test(s)) return undefined;
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 0;
  for (const ch of s) {
    if (ch in CN) {
      digit = CN[ch]!;
      continue;
    }
    const unit = UNIT[ch]!;
    if (unit === 10000) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
      lastUnit = unit;
    } else {
      section += (digit ?? (unit === 10 ? 1 : 0)) * unit;
      lastUnit = unit;
    }
    digit = undefined;
  }
  // "一百二": a trailing digit after a unit counts in the next unit down
  if (digit !== undefined)
    section += digit * (lastUnit < 100 || /[零〇]/.test(s.slice(-2, -1)) ? 1 : lastUnit / 10);
  const value = total + section;
  return value > 0 ? value : undefined;
}

/** "费用 一百二十元", "材料费一百二": Chinese amounts after a money word or before 元/块 as digits. */
export const moneyNumeralsToDigits = (text: string) =>
  text.replace(
    /(费|收了|共计|合计|金额|报价)(\s*[:：]?\s*)([零〇一二两三四五六七八九十百千万]{1,8})|([零〇一二两三四五六七八九十百千万]{1,8})(?=\s*(?:元|块|塊))/g,
    (
      whole,
      word: string | undefined,
      gap: string | undefined,
      afterWord: string | undefined,
      beforeUnit: string | undefined,
    ) => {
      const n = chineseAmount(afterWord ?? beforeUnit ?? '');
      if (n === undefined) return whole;
      return word ? `${word}${gap}${n}` : String(n);
    },
  );
