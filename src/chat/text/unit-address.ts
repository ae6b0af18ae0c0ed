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

/** Masks every mobile number and unit room number in a text meant for a group. */
export function maskForGroup(text: string): string {
  return text
    .replace(new RegExp(MOBILE.source, 'g'), (p) => maskPhone(p))
    .replace(
      /(\d{1,3}栋\d{1,2}单元)(\d{3,5})/g,
      (_, head: string, room: string) => `${head}${'*'.repeat(room.length)}`,
    );
}
