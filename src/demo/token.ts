import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Demo mode without API_TOKEN: a random admin token kept in <dataDir>/api-token (mode 0600), so
 * a first try of the product needs no setup and the token survives restarts.
 */
export function ensureDemoToken(dataDir: string): { token: string; file: string } {
  const file = resolve(join(dataDir, 'api-token'));
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, file };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, file };
}
