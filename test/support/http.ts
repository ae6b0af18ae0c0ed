import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createServices, type Services } from '../../src/app.js';
import { createHttpApp } from '../../src/http/server.js';
import { silentLog, testConfig } from './fixtures.js';

export const TOKEN = 'test-token-0123456789';

export interface TestServer {
  url: string;
  services: Services;
  request(
    path: string,
    init?: RequestInit & { token?: string | null; json?: unknown },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** The real service (createServices + Koa) on a free port and a database of its own. */
export async function startTestServer(overrides: Record<string, unknown> = {}): Promise<TestServer> {
  const config = testConfig({ db: { uri: process.env.MONGODB_URI }, ...overrides });
  const services = await createServices(config, silentLog, { dbName: `h_${randomBytes(6).toString('hex')}` });
  const server: Server = createHttpApp(services).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    services,
    async request(path, init = {}) {
      const { token = TOKEN, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      const res = await fetch(url + path, {
        ...rest,
        headers,
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: res.status, body, text, headers: res.headers };
    },
    async close() {
      await new Promise((r) => server.close(r));
      await mongoose.connection.db?.dropDatabase().catch(() => undefined);
      await services.db.close();
    },
  };
}
