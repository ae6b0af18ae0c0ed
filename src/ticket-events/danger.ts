import { normalizeText } from '../chat/text/normalize.js';
import { hazardIn } from '../domain/hazards.js';

/**
 * A repair or help request about a danger (gas, sparks, fire, a person trapped or hurt, a burst
 * pipe), read from its description as the owner wrote it (either script): the department
 * supervisor and the zone manager hear of it when it is registered and when it is cancelled.
 */
export const dangerous = (t: { kind: string; description: string }): boolean =>
  (t.kind === 'repair' || t.kind === 'help') &&
  // each part added later ("救命；我在5栋楼梯间") is read on its own too: a bare cry stays one
  [t.description, ...t.description.split('；')].some((part) => hazardIn(normalizeText(part).text));
