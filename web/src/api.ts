import { i18n } from './i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    body: unknown,
  ) {
    const err = (body as { error?: { message?: string; code?: string } } | null)?.error;
    super(err?.message ?? `HTTP ${status}`);
    this.code = err?.code;
  }
  readonly code?: string;
}

let csrf: string | undefined;
export const setCsrf = (token: string | undefined) => (csrf = token);

/** Called when the session has ended (401): the app goes back to the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (fn: () => void) => (onSignedOut = fn);

interface Options {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  body?: BodyInit;
  type?: string;
}

/** The API under /api/v1, with the session cookie, the CSRF header and the reader's language. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(
  path: string,
  { method = 'GET', json, body, type }: Options = {},
): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': i18n.language ?? 'zh-CN' };
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (type) headers['content-type'] = type;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: json !== undefined ? JSON.stringify(json) : body,
  });
  if (res.status === 204) return null as T;
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') onSignedOut();
    throw new ApiError(res.status, data);
  }
  return data as T;
}

/** A query string of the set values only. */
export const qs = (o: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(o)
      .filter(([, v]) => v !== '' && v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
