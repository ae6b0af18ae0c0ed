import { normalizeText } from '../chat/text/normalize.js';
import { hazardIn } from '../domain/hazards.js';

/**
 * A repair or help request about a danger (gas, sparks, fire, a person trapped or hurt, a burst
 * pipe), read from its description as the owner wrote it (either script): the department
 * supervisor and the zone manager hear of it when it is registered and when it is cancelled.
 */
export function dangerous(t: { kind: string; description: string }): boolean {
  if (t.kind !== 'repair' && t.kind !== 'help') return false;
  // each part added later ("救命；我在5栋楼梯间") is read on its own too: a bare cry stays one
  // (a description of one part is read once)
  const parts = t.description.split('；');
  return [t.description, ...(parts.length > 1 ? parts : [])].some((part) =>
    hazardIn(normalizeText(part).text),
  );
}
