/**
 * `npm run bench:http`: what signing in costs per request. One run, embedded database (or
 * MONGODB_URI), demo community: GET /api/v1/auth/me and GET /api/v1/tickets?pageSize=20, called
 * sequentially BENCH_REQUESTS times each with the bootstrap token (no lookup), an API token and a
 * session cookie; plus the sign-in itself (bcrypt at the configured cost). Prints p50/p95 and
 * each way's ratio to the bootstrap token.
 */
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { loadDemoData } from '../src/demo/seed.js';
import { seedDemoConsoleUsers } from '../src/demo/console-users.js';
import { createHttpApp } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { benchDatabase, percentile } from './support.js';

const N = Number(process.env.BENCH_REQUESTS ?? 200);
const TOKEN = 'bench-token-0123456789';
const PASSWORD = 'bench-password-1';

const db = await benchDatabase('wuye-bench-http');
const config = loadConfig(
  { API_TOKEN: TOKEN, LOG_LEVEL: 'silent', MONGODB_URI: db.uri },
  { scheduler: { enabled: false } },
);
const services = await createServices(config, createLogger('silent'), { dbName: 'bench_http' });
try {
  await mongoose.connection.db!.dropDatabase();
  const { communityId } = await loadDemoData(services);
  await seedDemoConsoleUsers(services.auth, communityId, PASSWORD);
  const server = createHttpApp(services).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

  const timed = async (fn: () => Promise<Response>) => {
    const t0 = performance.now();
    const res = await fn();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const logins: number[] = [];
  let cookie = '';
  for (let i = 0; i < 10; i++) {
    logins.push(
      await timed(async () => {
        const res = await fetch(`${url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'kefu', password: PASSWORD }),
        });
        cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
        return res;
      }),
    );
  }
  const created = await fetch(`${url}/auth/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'bench',
      userId: String(
        (await services.auth.listUsers({ pageSize: 100 })).items.find((u) => u.username === 'kefu')!.id,
      ),
    }),
  });
  const apiToken = ((await created.json()) as { token: string }).token;
  const ways: Array<[string, Record<string, string>]> = [
    ['bootstrap token', { authorization: `Bearer ${TOKEN}` }],
    ['API token', { authorization: `Bearer ${apiToken}` }],
    ['session cookie', { cookie }],
  ];
  const rows: string[] = [];
  for (const path of ['/auth/me', '/tickets?pageSize=20']) {
    let base = 0;
    for (const [name, headers] of ways) {
      const ms: number[] = [];
      for (let i = 0; i < N; i++) ms.push(await timed(() => fetch(url + path, { headers })));
      const p50 = percentile(ms, 50);
      base ||= p50;
      rows.push(
        `| GET ${path} | ${name} | ${p50.toFixed(2)} ms | ${percentile(ms, 95).toFixed(2)} ms | ${(p50 / base).toFixed(2)}× |`,
      );
    }
  }
  console.log(
    `database: ${db.kind}; ${N} sequential requests per row; bcrypt cost ${config.console.passwordRounds}`,
  );
  console.log(`sign-in (POST /auth/login) p50 ${percentile(logins, 50).toFixed(1)} ms over ${logins.length}`);
  console.log('| request | caller | p50 | p95 | p50 vs bootstrap |\n|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  server.close();
} finally {
  await services.db.close();
  await db.stop();
}
