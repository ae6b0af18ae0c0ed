import { FLOWS } from '../../flows/index.js';
import type { StaffPickData } from '../../flows/staff-pick.js';
import type { ChatContext } from '../../src/chat/context.js';

// through the flow table: the flow module and the staff commands import each other
const staffPickFlow = FLOWS.staff_pick!;

const data: StaffPickData = {
  verb: 'arrive',
  rest: '',
  numbers: ['BX20261203-0002', 'BX20261203-0001', 'QZ20261203-0001'],
  lines: [],
};
const accept = (text: string) =>
  staffPickFlow.steps.pick!.accept!({} as ChatContext, text, { ...data } as never) as {
    ok: boolean;
    data?: { picked?: string };
  };

describe('which of several orders a worker means', () => {
  it.each([
    ['2', 'BX20261203-0001'],
    ['BX20261203-0002', 'BX20261203-0002'],
    ['0002到场', 'BX20261203-0002'],
    ['0002 到了 正在关总阀', 'BX20261203-0002'],
  ])('reads %s as %s', (text, picked) => {
    expect(accept(text)).toEqual({ ok: true, data: { picked } });
  });

  it('asks again when the last digits fit two orders, or none', () => {
    expect(accept('0001到场').ok).toBe(false);
    expect(accept('0009到场').ok).toBe(false);
  });
});
