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
};

/** 3 / 十 / 十二 / 二十五 / 两 → a number (undefined when not one). */
export function chineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || /[^零〇一二两三四五六七八九十]/.test(s)) return undefined;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? CN[s] : undefined;
  const tens = ten === 0 ? 1 : CN[s.slice(0, ten)];
  const ones = ten === s.length - 1 ? 0 : CN[s.slice(ten + 1)];
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

export const CN_NUMBER = '[零〇一二两三四五六七八九十]{1,3}';
const BEFORE_PLACE = new RegExp(`(${CN_NUMBER})(?=\\s*(?:号楼|栋|幢|座|单元|號樓|棟|單元))`, 'g');

/** "三号楼的电梯" → "3号楼的电梯": numbered places written in Chinese numerals, as digits. */
export const placeNumeralsToDigits = (text: string) =>
  text.replace(BEFORE_PLACE, (n, _g: string, at: number) =>
    // "两栋楼之间" counts buildings, it names none
    /^[两几]$/.test(n) && /^(?:栋|幢|座)楼/.test(text.slice(at + n.length))
      ? n
      : String(chineseNumber(n) ?? n),
  );
