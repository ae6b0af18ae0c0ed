import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { Config } from '../config/schema.js';
import { ApiToken, ConsoleUser, Session } from '../data/models/index.js';
import type { ConsoleUserDoc } from '../data/models/console-user.js';
import { ADMIN_ACTOR, type Actor } from '../domain/actor.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import type { Logger } from '../log.js';
import { parse } from '../services/validate.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as S from './schemas.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;
const oid = (id: string) => new Types.ObjectId(id);

type UserDoc = ConsoleUserDoc & { _id: Types.ObjectId };

/** Sessions' sliding expiry and tokens' last use are written at most this often, not per request. */
const TOUCH_EVERY_MS = 60_000;

/** A console user as the API shows it: never the hash. */
export function userView(u: UserDoc) {
  return {
    id: String(u._id),
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    communityId: u.communityId ? String(u.communityId) : undefined,
    zoneIds: (u.zoneIds ?? []).map(String),
    personId: u.personId ? String(u.personId) : undefined,
    language: u.language ?? undefined,
    active: u.active,
    lastLoginAt: u.lastLoginAt ?? undefined,
  };
}
export type UserView = ReturnType<typeof userView>;

/** The Actor a console user acts as (ticket scope and state machine read it like a chat user's). */
export function actorOfUser(u: UserDoc): Actor {
  if (u.role === 'admin') return { ...ADMIN_ACTOR, name: u.displayName, userId: String(u._id) };
  return {
    kind: 'person',
    // a user linked to a Person acts as them; otherwise the user id stands in (it matches no ticket)
    personId: String(u.personId ?? u._id),
    name: u.displayName,
    roles: [u.role as Role],
    communityId: String(u.communityId),
    zoneIds: (u.zoneIds ?? []).map(String),
    unitIds: [],
    language: u.language ?? undefined,
    consoleRole: u.role,
    userId: String(u._id),
  };
}

export interface Authenticated {
  actor: Actor;
  user?: UserView;
  /** Present for cookie sessions: unsafe requests must echo it in X-CSRF-Token. */
  csrfToken?: string;
  via: 'session' | 'token' | 'bootstrap';
}

/**
 * Console users, their sign-ins (cookie sessions with a CSRF token) and API tokens. Secrets are
 * random 256-bit values; only their SHA-256 is stored.
 */
export class AuthService {
  private readonly throttle: LoginThrottle;
  private readonly bootstrap?: Buffer;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const c = config.console;
    this.throttle = new LoginThrottle({
      attempts: c.loginAttempts,
      attemptsPerAddress: c.loginAttemptsPerAddress,
      windowMs: c.loginWindow,
    });
    if (config.apiToken) this.bootstrap = createHash('sha256').update(config.apiToken).digest();
  }

  // ── sign-in ──────────────────────────────────────────────────────────────────
  async login(input: unknown, client: { address: string; userAgent?: string }) {
    const { username, password } = parse(S.loginInput, input);
    await this.throttle.check(username, client.address);
    const user = (await ConsoleUser.findOne({ username }).lean()) as UserDoc | null;
    const ok = await verifyPassword(password, user?.passwordHash, this.config.console.passwordRounds);
    if (!ok || !user || !user.active) {
      await this.throttle.failed(username, client.address, { knownUser: Boolean(user) });
      this.log.warn({ username, address: client.address }, 'console login failed');
      throw new AppError('login_failed', 401);
    }
    await this.throttle.succeeded(username, client.address);
    const token = secret('wys');
    const now = this.clock();
    await Session.deleteMany({ expiresAt: { $lte: now } });
    const csrfToken = randomBytes(24).toString('base64url');
    await Session.create({
      _id: sha256(token),
      userId: user._id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.console.sessionIdle),
      address: client.address,
      userAgent: client.userAgent?.slice(0, 300),
    });
    await ConsoleUser.updateOne({ _id: user._id }, { $set: { lastLoginAt: now } });
    this.log.info({ username, address: client.address }, 'console login');
    return { token, csrfToken, user: userView(user) };
  }

  async logout(token: string | undefined): Promise<void> {
    if (token) await Session.deleteOne({ _id: sha256(token) });
  }

  /** The session behind a cookie value, renewed (sliding idle timeout, capped by sessionMax). */
  async fromSession(token: string): Promise<Authenticated> {
    const session = await Session.findOne({ _id: sha256(token) }).lean();
    const now = this.clock();
    if (!session || session.expiresAt <= now) throw new UnauthorizedError();
    const user = await this.activeUser(session.userId);
    const { sessionIdle, sessionMax } = this.config.console;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      const cap = session.createdAt.getTime() + sessionMax;
      const expiresAt = new Date(Math.min(now.getTime() + sessionIdle, cap));
      await Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: now, expiresAt } });
    }
    return { actor: actorOfUser(user), user: userView(user), csrfToken: session.csrfToken, via: 'session' };
  }

  /** A bearer token: the bootstrap API_TOKEN (admin) or an API token of a console user. */
  async fromBearer(token: string): Promise<Authenticated> {
    const digest = createHash('sha256').update(token).digest();
    if (this.bootstrap && timingSafeEqual(digest, this.bootstrap))
      return { actor: ADMIN_ACTOR, via: 'bootstrap' };
    const row = await ApiToken.findOne({ _id: digest.toString('hex') }).lean();
    const now = this.clock();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw new UnauthorizedError();
    const user = await this.activeUser(row.userId);
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS)
      await ApiToken.updateOne({ _id: row._id }, { $set: { lastUsedAt: now } });
    return { actor: actorOfUser(user), user: userView(user), via: 'token' };
  }

  private readonly signInsEnded = new Set<(userId: string) => void>();

  /** Hears every end of a user's sign-ins (deactivated, new password). */
  onSignInsEnded(listener: (userId: string) => void): void {
    this.signInsEnded.add(listener);
  }

  /**
   * Whether what authenticated a long-lived request (an event stream) still holds: the session
   * not signed out or expired, the token not revoked, the user still active. Renews nothing.
   */
  async stillValid(auth: Authenticated, secret: string | undefined): Promise<boolean> {
    if (auth.via === 'bootstrap') return true;
    if (!secret) return false;
    const now = this.clock();
    try {
      if (auth.via === 'session') {
        const session = await Session.findOne({ _id: sha256(secret) }).lean();
        if (!session || session.expiresAt <= now) return false;
        await this.activeUser(session.userId);
        return true;
      }
      const row = await ApiToken.findOne({ _id: sha256(secret) }).lean();
      if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return false;
      await this.activeUser(row.userId);
      return true;
    } catch {
      return false;
    }
  }

  private async activeUser(id: Types.ObjectId): Promise<UserDoc> {
    const user = (await ConsoleUser.findOne({ _id: id }).lean()) as UserDoc | null;
    if (!user?.active) throw new UnauthorizedError();
    return user;
  }

  // ── console users (admin) ───────────────────────────────────────────────────
  async createUser(input: unknown) {
    const u = parse(S.consoleUserInput, input);
    this.checkPassword(u.password);
    if (await ConsoleUser.exists({ username: u.username })) throw new ConflictError('username_taken');
    try {
      const doc = await ConsoleUser.create({
        ...u,
        passwordHash: await hashPassword(u.password, this.config.console.passwordRounds),
        communityId: u.communityId ? oid(u.communityId) : undefined,
        zoneIds: u.zoneIds.map(oid),
        personId: u.personId ? oid(u.personId) : undefined,
      });
      return userView(doc.toObject() as UserDoc);
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new ConflictError('username_taken');
      throw err;
    }
  }

  async updateUser(id: string, input: unknown) {
    const p = parse(S.consoleUserPatch, input);
    const set: Record<string, unknown> = {};
    if (p.displayName) set.displayName = p.displayName;
    if (p.language) set.language = p.language;
    if (p.zoneIds) set.zoneIds = p.zoneIds.map(oid);
    if (p.active !== undefined) set.active = p.active;
    if (p.password !== undefined) {
      this.checkPassword(p.password);
      set.passwordHash = await hashPassword(p.password, this.config.console.passwordRounds);
    }
    const user = (await ConsoleUser.findOneAndUpdate(
      { _id: oid(id) },
      { $set: set },
      { new: true },
    ).lean()) as UserDoc | null;
    if (!user) throw new NotFoundError('user', { id });
    // a new password or deactivation ends every sign-in of the user, open event streams too
    if (p.password !== undefined || p.active === false) {
      await Session.deleteMany({ userId: user._id });
      for (const listener of this.signInsEnded) listener(String(user._id));
    }
    return userView(user);
  }

  async listUsers(query: unknown) {
    const q = parse(S.pageQuery, query);
    const [items, total] = await Promise.all([
      ConsoleUser.find()
        .sort({ username: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      ConsoleUser.countDocuments(),
    ]);
    return { items: items.map((u) => userView(u as UserDoc)), total, page: q.page, pageSize: q.pageSize };
  }

  private checkPassword(password: string) {
    const min = this.config.console.passwordMinLength;
    if ([...password].length < min) throw new ValidationError([`password: at least ${min} characters`]);
  }

  // ── API tokens ──────────────────────────────────────────────────────────────
  async createToken(actor: Actor, input: unknown) {
    const t = parse(S.apiTokenInput, input);
    const userId = t.userId ?? actor.userId;
    if (!userId) throw new ValidationError(['userId: required with the bootstrap token']);
    if (userId !== actor.userId && actor.consoleRole !== 'admin') throw new ForbiddenError();
    await this.activeUser(oid(userId)).catch(() => {
      throw new NotFoundError('user', { id: userId });
    });
    const token = secret('wyt');
    const now = this.clock();
    await ApiToken.create({
      _id: sha256(token),
      userId: oid(userId),
      name: t.name,
      prefix: token.slice(0, 10),
      createdAt: now,
      expiresAt: t.expiresInDays ? new Date(now.getTime() + t.expiresInDays * 86_400_000) : undefined,
    });
    this.log.info({ userId, name: t.name }, 'api token created');
    return { token, id: sha256(token).slice(0, 16), name: t.name, prefix: token.slice(0, 10) };
  }

  /** The caller's tokens (admins: everyone's), without secrets. */
  async listTokens(actor: Actor, query: unknown) {
    const q = parse(S.pageQuery, query);
    const all = actor.consoleRole === 'admin' ? {} : { userId: oid(actor.userId!) };
    const [items, total] = await Promise.all([
      ApiToken.find(all)
        .sort({ createdAt: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean(),
      ApiToken.countDocuments(all),
    ]);
    return {
      items: items.map(({ _id, ...t }) => ({ ...t, id: _id.slice(0, 16), userId: String(t.userId) })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Revokes by the id shown in the list (the first 16 hex characters of the hash). */
  async revokeToken(actor: Actor, id: string) {
    if (!/^[a-f0-9]{16}$/.test(id)) throw new NotFoundError('token', { id });
    const candidates = await ApiToken.find(
      actor.consoleRole === 'admin' ? {} : { userId: oid(actor.userId!) },
      { _id: 1 },
    ).lean();
    const match = candidates.find((c) => c._id.startsWith(id));
    if (!match) throw new NotFoundError('token', { id });
    await ApiToken.updateOne({ _id: match._id }, { $set: { revokedAt: this.clock() } });
    return { id, revoked: true };
  }
}
