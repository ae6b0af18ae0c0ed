/** A unit written by an owner: "3栋2单元1201", "3号楼2单元1201室", "3-2-1201", "3幢2-1201". */
export interface UnitAddress {
  building: string;
  entrance: string;
  room: string;
}

const PATTERNS = [
  /(\d{1,3})\s*(?:栋|幢|号楼|座)\s*(\d{1,2})\s*(?:单元|-)\s*(\d{3,5})\s*(?:室|号|房)?/,
  /(\d{1,3})\s*[-—_/]\s*(\d{1,2})\s*[-—_/]\s*(\d{3,5})/,
];

export function findUnitAddress(text: string): { address: UnitAddress; rest: string } | undefined {
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m) {
      return {
        address: { building: m[1]!, entrance: m[2]!, room: m[3]! },
        rest: (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length)).trim(),
      };
    }
  }
  return undefined;
}

export const MOBILE = /(?<!\d)(1[3-9]\d{9})(?!\d)/;

export function findMobile(text: string): string | undefined {
  return MOBILE.exec(text)?.[1];
}

/** 138****8000: phone numbers in group messages. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** A mobile number as people type it: 13800138013, 138 0013 8013, 138-0013-8013. */
const SPACED_MOBILE = /(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const BUILDING_WORD = '(?:栋|棟|幢|号楼|號樓|座)';
const ENTRANCE_WORD = '(?:单元|單元)';
/** Rooms after a building and entrance: 3栋2单元1201, 3棟1單元501, 3号楼2单元1802室, 3幢2-1201. */
const ROOM_AFTER_ENTRANCE = new RegExp(
  `(\\d{1,3}\\s*${BUILDING_WORD}\\s*\\d{1,2}\\s*(?:${ENTRANCE_WORD}|-)\\s*)(\\d{3,5})`,
  'g',
);
/** 3-2-1201, 12-1-502. */
const ROOM_DASHED = /(?<![\d.])(\d{1,3}\s*[-—_/]\s*\d{1,2}\s*[-—_/]\s*)(\d{3,5})(?!\d)/g;
/** A room after a building alone (3栋1201) or with its word (1201室, 502房). */
const ROOM_AFTER_BUILDING = new RegExp(`(\\d{1,3}\\s*${BUILDING_WORD}\\s*)(\\d{3,5})(?!\\d)`, 'g');
const ROOM_WITH_WORD = /(?<!\d)(\d{3,5})(?=\s*(?:室|房))/g;

/** A room number's mask: one width for every room, so the mask does not tell 501 from 1201. */
export const ROOM_MASK = '***';

/** Masks every mobile number and unit room number in a text meant for a group. */
export function maskForGroup(text: string): string {
  return text
    .replace(SPACED_MOBILE, (p) => maskPhone(p.replace(/[\s-]/g, '')))
    .replace(ROOM_AFTER_ENTRANCE, (_, head: string) => `${head}${ROOM_MASK}`)
    .replace(ROOM_DASHED, (_, head: string) => `${head}${ROOM_MASK}`)
    .replace(ROOM_AFTER_BUILDING, (_, head: string) => `${head}${ROOM_MASK}`)
    .replace(ROOM_WITH_WORD, ROOM_MASK);
}
