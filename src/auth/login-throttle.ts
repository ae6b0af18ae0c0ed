import type { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError } from '../domain/errors.js';

export class TooManyAttemptsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('too_many_attempts', 429, { seconds: retryAfterSeconds });
  }
}

/**
 * Failed sign-ins, counted per user name + address, and per address for user names that do not
 * exist (rate-limiter-flexible, in memory: one console process; a second process would count on
 * its own). So a whole office behind one NAT is never locked out by one colleague's typos or by
 * guesses at its users' passwords (each user name is blocked on its own), while spraying unknown
 * names from one address is. A success clears the user name's count.
 */
export class LoginThrottle {
  private readonly perUser: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(opts: { attempts: number; attemptsPerAddress: number; windowMs: number }) {
    const duration = Math.ceil(opts.windowMs / 1000);
    this.perUser = new RateLimiterMemory({ points: opts.attempts, duration });
    this.perAddress = new RateLimiterMemory({ points: opts.attemptsPerAddress, duration });
  }

  private static key(username: string, address: string) {
    return `${username.toLowerCase()}|${address}`;
  }

  /** Throws TooManyAttemptsError while either count is used up. */
  async check(username: string, address: string): Promise<void> {
    const [u, a] = await Promise.all([
      this.perUser.get(LoginThrottle.key(username, address)),
      this.perAddress.get(address),
    ]);
    const blocked = [
      [u, this.perUser.points],
      [a, this.perAddress.points],
    ].filter(([r, points]) => r && (r as RateLimiterRes).consumedPoints >= (points as number));
    if (blocked.length) {
      const ms = Math.max(...blocked.map(([r]) => (r as RateLimiterRes).msBeforeNext));
      throw new TooManyAttemptsError(Math.ceil(ms / 1000));
    }
  }

  async failed(username: string, address: string, opts: { knownUser: boolean }): Promise<void> {
    await Promise.all([
      this.perUser.penalty(LoginThrottle.key(username, address), 1),
      opts.knownUser ? undefined : this.perAddress.penalty(address, 1),
    ]);
  }

  async succeeded(username: string, address: string): Promise<void> {
    await this.perUser.delete(LoginThrottle.key(username, address));
  }
}
