import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'wuye-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('defaults every deadline and score to the manuals’ values', () => {
    const c = loadConfig({});
    expect(c.sla).toMatchObject({
      dispatch: 5 * 60_000,
      arrivePublic: 10 * 60_000,
      arriveInUnit: 15 * 60_000,
      arriveBeforeAppointment: 5 * 60_000,
      quote: 15 * 60_000,
      callbackWorkingDays: 1,
      followUpEngineering: 7 * 86_400_000,
      followUpOther: 3 * 86_400_000,
      digestAt: 17 * 60 + 30,
    });
    expect(c.scoring).toMatchObject({
      complaintPenalty: 5,
      praiseBonus: 2,
      dissatisfiedCallbackPenalty: 1,
      ownerEvaluationWeight: 0.7,
      inspectionWeight: 0.3,
    });
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.port).toBe(3000);
  });

  it('turns demo mode on by default only with the mock puppet', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ PUPPET: 'wechaty-puppet-wechat4u' }).demo).toBe(false);
    expect(loadConfig({ PUPPET: 'wechaty-puppet-wechat4u', DEMO: '1' }).demo).toBe(true);
  });

  it('reads a YAML file named by CONFIG_FILE and lets the environment win', () => {
    const path = file(
      'c.yaml',
      'port: 4000\nsla:\n  dispatch: 10 seconds\n  quote: 2 minutes\ncalendar:\n  holidays: ["2026-12-24"]\n',
    );
    const c = loadConfig({ CONFIG_FILE: path, PORT: '4500' });
    expect(c.port).toBe(4500);
    expect(c.sla.dispatch).toBe(10_000);
    expect(c.sla.quote).toBe(120_000);
    expect(c.sla.arriveInUnit).toBe(15 * 60_000);
    expect(c.calendar.holidays).toEqual(['2026-12-24']);
  });

  it('reads a JSON config file', () => {
    const path = file('c.json', JSON.stringify({ scoring: { complaintPenalty: 3 }, defaultLanguage: 'en' }));
    const c = loadConfig({ CONFIG_FILE: path });
    expect(c.scoring.complaintPenalty).toBe(3);
    expect(c.defaultLanguage).toBe('en');
  });

  it('names the key and the problem for every invalid setting', () => {
    const path = file(
      'bad.yaml',
      'sla:\n  dispatch: five minutes\n  digestAt: "25:00"\nscoring:\n  inspectionWeight: 0.5\nunknownKey: 1\n',
    );
    const problems = problemsOf({
      CONFIG_FILE: path,
      PORT: 'eighty',
      TIMEZONE: 'Mars/Olympus',
      DEMO: 'maybe',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/DEMO: expected true\/false/);
    expect(text).toMatch(/port: /);
    expect(text).toMatch(/timezone: unknown IANA time zone/);
    expect(text).toMatch(/sla\.dispatch: invalid duration "five minutes"/);
    expect(text).toMatch(/sla\.digestAt: expected a time of day/);
    expect(text).toMatch(/scoring: ownerEvaluationWeight and inspectionWeight must add up to 1/);
    expect(text).toMatch(/unknownKey/);
  });

  it('reports a config file that cannot be read or parsed', () => {
    expect(problemsOf({ CONFIG_FILE: join(dir, 'missing.yaml') })[0]).toMatch(
      /CONFIG_FILE: cannot read .*ENOENT/,
    );
    expect(problemsOf({ CONFIG_FILE: file('broken.json', '{"port": ') })[0]).toMatch(
      /CONFIG_FILE: .* is not valid \.json/,
    );
    expect(problemsOf({ CONFIG_FILE: file('list.yaml', '- 1\n- 2\n') })[0]).toMatch(/must hold an object/);
  });

  it('rejects a short API token and a malformed MONGODB_URI', () => {
    const text = problemsOf({ API_TOKEN: 'short', MONGODB_URI: 'http://localhost' }).join('\n');
    expect(text).toMatch(/apiToken: must be at least 16 characters/);
    expect(text).toMatch(/db\.uri: must start with mongodb:\/\//);
  });
});
