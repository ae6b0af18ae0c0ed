import { understand } from '../../../src/chat/understand.js';
import { writesEnglish } from '../../../src/chat/text/script.js';

const reading = (text: string) => {
  const u = understand(text);
  return [u.kind, u.category, u.scope, u.location].map((x) => x ?? '-').join(' ');
};

describe('an English report read by its words', () => {
  it.each([
    ['my kitchen sink is leaking, room 3-2-1201, tomorrow 2pm ok?', 'repair plumbing in_unit -'],
    ['the bedroom light is broken', 'repair electrical in_unit -'],
    ['Toilet is clogged again!!', 'repair plumbing in_unit -'],
    ['no hot water in the bathroom', 'repair gas in_unit -'],
    ['the lift in building 3 is broken', 'repair elevator public 3栋电梯'],
    ['street light broken near the main gate', 'repair lighting public 大门'],
    ['tree fell down near building 5', 'repair greening public -'],
    ['the corridor is dirty, garbage everywhere', 'repair garbage public 楼道'],
    ['my neighbour is very noisy at night', 'complaint noise in_unit -'],
    ['someone parked in the fire lane', 'help parking public -'],
    ['someone is trapped in the lift', 'help elevator public 电梯'],
    ['the staff was rude to me', 'complaint service - -'],
    ['how much is the property fee?', 'inquiry fees - -'],
    ['I want to complain', 'complaint - - -'],
    ['when will the water be back?', 'inquiry plumbing - -'],
    ['emergency! please help', 'help - public -'],
    ['Hi, the light in the corridor on my floor is broken, building 2', 'repair lighting public 2栋楼道'],
    ['my kitchen light is broken', 'repair electrical in_unit -'],
    ['the clothes rack on my balcony is broken', 'repair fixtures in_unit -'],
    ['the lift in block 4 is making a weird noise', 'repair elevator public 4栋电梯'],
    ['loud music from upstairs every night', 'complaint noise - -'],
  ])('%s → %s', (text, expected) => {
    expect(reading(text)).toBe(expected);
  });

  it.each([
    'hi',
    'thanks',
    'ok',
    'asdfgh',
    'BX20261203-0001',
    'see you later',
    'how are you',
    'thanks for your help',
  ])('%s is nothing to register', (text) => {
    const u = understand(text);
    expect(u.isReport).toBe(false);
    expect(u.kind).toBeUndefined();
  });
});

describe('writesEnglish', () => {
  it.each(['my sink is leaking', 'tomorrow 2pm ok?', 'The lift is broken'])('%s is English', (t) =>
    expect(writesEnglish(t)).toBe(true),
  );
  it.each(['ok', 'yes', '1', 'BX20261203-0001', 'ok thanks', '水管漏水 tomorrow 2pm ok', 'Hi'])(
    '%s is not (too little, or Chinese in it)',
    (t) => expect(writesEnglish(t)).toBe(false),
  );
});
