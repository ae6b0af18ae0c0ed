/**
 * Dangers an owner may be in while waiting for help (gas, sparks, fire, a lift with people in it,
 * a burst pipe): the report is urgent, the owner gets safety advice at once, and the department
 * supervisor and zone manager hear of the new ticket (src/ticket-events/create.ts).
 */
export type Hazard = 'gas' | 'electric' | 'fire' | 'trapped' | 'flood';

const HAZARDS: ReadonlyArray<[Hazard, RegExp]> = [
  ['trapped', /(困|关|卡)(在|住)?(了)?(电梯|人)|电梯.{0,6}(困|关|卡)(住|人|了)|被困|被关/],
  ['gas', /(煤气|燃气|天然气|液化气).{0,4}(味|漏|泄)|漏气/],
  ['fire', /着火|失火|起火|火灾|冒烟|烧起来/],
  ['electric', /冒火花|打火花|电火花|跳火|漏电|电线.{0,3}(烧|焦|冒)|烧焦味|插座.{0,3}(烧|焦|冒)/],
  ['flood', /水管爆|爆管|爆了.{0,4}水|水漫|淹了|水.{0,4}往下(流|灌)|哗哗.{0,6}(流|漏)/],
];

/** The danger a message speaks of (normalised, simplified text), if any. */
export function hazardIn(text: string): Hazard | undefined {
  return HAZARDS.find(([, re]) => re.test(text))?.[0];
}
