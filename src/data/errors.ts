/** E11000: a unique index refused a write. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Runs `fn`, again every half second while it fails for want of the database (a restart of the
 * embedded one takes a second or two), for up to 20 s: a message sent meanwhile is delivered
 * once the database is back, as the bot's outage guard does for real chats.
 */
export async function whileDatabaseDown<T>(fn: () => Promise<T>, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const e = err as { name?: string; code?: string; message?: string };
      const down =
        /Mongo(Network|ServerSelection|NotConnected|PoolCleared|TopologyClosed)/.test(e?.name ?? '') ||
        /^(EPIPE|ECONNRESET|ECONNREFUSED)$/.test(String(e?.code ?? '')) ||
        /socket has been ended|connection .* closed/i.test(e?.message ?? '');
      if (!down || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
