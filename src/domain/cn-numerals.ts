/** Small Chinese numerals as buildings, entrances and rooms use them ("三栋", "十二号楼"). */
const DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** "十二" → "12", "二十" → "20", "三" → "3", "一零二" → "102"; digits are kept. */
export function chineseNumber(s: string): string {
  if (!s.includes('十')) return [...s].map((c) => DIGITS[c] ?? c).join('');
  const [tens, ones] = s.split('十');
  return String(Number(tens ? DIGITS[tens] : 1) * 10 + Number(ones ? DIGITS[ones] : 0));
}

export const CN_NUMBER = '[零〇一二两三四五六七八九十]{1,3}';
const BEFORE_PLACE = new RegExp(`(${CN_NUMBER})(?=\\s*(?:号楼|栋|幢|座|单元|號樓|棟|單元))`, 'g');

/** "三号楼的电梯" → "3号楼的电梯": numbered places written in Chinese numerals, as digits. */
export const placeNumeralsToDigits = (text: string) =>
  text.replace(BEFORE_PLACE, (n, _g: string, at: number) =>
    // "两栋楼之间" counts buildings, it names none
    /^[两几]$/.test(n) && /^(?:栋|幢|座)楼/.test(text.slice(at + n.length)) ? n : chineseNumber(n),
  );
