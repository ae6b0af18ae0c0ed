import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

/** Environment variables and the configuration key each one sets. */
const ENV_KEYS: Record<string, string> = {
  NODE_ENV: 'env',
  PORT: 'port',
  HOST: 'host',
  LOG_LEVEL: 'logLevel',
  DATA_DIR: 'dataDir',
  TIMEZONE: 'timezone',
  DEFAULT_LANGUAGE: 'defaultLanguage',
  DEMO: 'demo',
  API_TOKEN: 'apiToken',
  MONGODB_URI: 'db.uri',
  MONGODB_DB: 'db.name',
  EMBEDDED_DB: 'db.embedded',
  FERRETDB_BIN: 'db.ferretdbBin',
  PUPPET: 'bot.puppet',
  WECHATY_PUPPET: 'bot.puppet',
  WECHATY_PUPPET_SERVICE_TOKEN: 'bot.token',
  WECOM_WEBHOOK_URL: 'notify.wecomWebhookUrl',
  SCHEDULER: 'scheduler.enabled',
  BOT: 'bot.enabled',
  BOT_NAME: 'bot.name',
  DISPATCH_MODE: 'dispatch.mode',
  SECURE_COOKIES: 'console.secureCookies',
};

const BOOLEAN_KEYS = new Set(['demo', 'scheduler.enabled', 'bot.enabled', 'console.secureCookies']);

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys.at(-1)!] = value;
}

function parseBoolean(name: string, raw: string, problems: string[]): boolean | undefined {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name}: expected true/false or 1/0, got ${JSON.stringify(raw)}`);
  return undefined;
}

function readConfigFile(path: string, problems: string[]): Tree {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    problems.push(`CONFIG_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? err})`);
    return {};
  }
  try {
    const ext = extname(path).toLowerCase();
    const data: unknown = ext === '.json' ? JSON.parse(text) : parseYaml(text);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      problems.push(`CONFIG_FILE: ${path} must hold an object of settings`);
      return {};
    }
    return data as Tree;
  } catch (err) {
    problems.push(`CONFIG_FILE: ${path} is not valid ${extname(path) || 'YAML'}: ${(err as Error).message}`);
    return {};
  }
}

function mergeDeep(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object'
        ? mergeDeep(prev as Tree, value as Tree)
        : value;
  }
  return out;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? issue.path.join('.') : '(root)';
  return `${key}: ${issue.message}`;
}

/**
 * Builds the configuration from the file named by CONFIG_FILE (JSON or YAML) and the environment
 * (the environment wins), validated by one zod schema. Throws ConfigError naming every bad key.
 */
export function loadConfig(env: Env = process.env, overrides: Tree = {}): Config {
  const problems: string[] = [];
  let tree: Tree = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE, problems) : {};
  const fromEnv: Tree = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = BOOLEAN_KEYS.has(key) ? parseBoolean(name, raw, problems) : raw;
    if (value !== undefined) setPath(fromEnv, key, value);
  }
  tree = mergeDeep(mergeDeep(tree, fromEnv), overrides);
  const result = configSchema.safeParse(tree);
  if (!result.success) problems.push(...result.error.issues.map(formatIssue));
  if (problems.length || !result.success) throw new ConfigError(problems);
  const config = result.data;
  return { ...config, demo: config.demo ?? config.bot.puppet === 'mock' };
}
