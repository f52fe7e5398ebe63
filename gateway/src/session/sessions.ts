import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '@webitr/platform';
import type { Logger, Redis } from '@webitr/platform';
import type { Clock } from '../clock.ts';
import { requestState } from '../http/request-state.ts';
import type { SignedInPerson } from '../signed-in-person.ts';
import type { Invalidations } from './invalidations.ts';
import { RedisSessionStore, endedKey, sessionKey, storeCall } from './store.ts';

declare module 'express-session' {
  interface SessionData {
    person?: SignedInPerson;
    lastSeenAt?: number;
    /** An unfinished sign-in: where to go afterwards. The strategy keeps state, nonce and PKCE verifier beside it. */
    pendingSignIn?: { portal: string; returnTo: string; startedAt: number };
  }
}

/** Why a session was ended before its time, as the next request with its cookie is told. */
export type EndReason = 'signed-out' | 'ended-by-self' | 'ended-by-admin' | 'portal-logout' | 'person-inactive';

const END_REASON_TEXT: Record<EndReason, string> = {
  'signed-out': '您已登出',
  'ended-by-self': '您已結束此帳號在所有裝置上的登入',
  'ended-by-admin': '管理者已結束您的登入',
  'portal-logout': '您已從入口網登出',
  'person-inactive': '您的人員狀態已變更（離職或留職停薪）',
};

/**
 * Which sessions belong to which person and which portal session, so that all
 * of a person's sessions can be ended (by the person, an administrator, or the
 * portal's back-channel logout). An ended session leaves a tombstone, so its
 * cookie gets SESSION_REVOKED rather than a vague "not signed in".
 */
export class SessionRegistry {
  readonly #redis: Redis;
  readonly #keepSeconds: number;
  readonly #invalidations: Invalidations;

  constructor(redis: Redis, options: { keepSeconds: number; invalidations: Invalidations }) {
    this.#redis = redis;
    this.#keepSeconds = Math.ceil(options.keepSeconds);
    this.#invalidations = options.invalidations;
  }

  async register(sid: string, person: SignedInPerson): Promise<void> {
    const sets = this.#indexes(person);
    const multi = this.#redis.multi();
    for (const key of sets) multi.sadd(key, sid).expire(key, this.#keepSeconds);
    await storeCall(multi.exec());
  }

  async unregister(sid: string, person: SignedInPerson): Promise<void> {
    const multi = this.#redis.multi();
    for (const key of this.#indexes(person)) multi.srem(key, sid);
    await storeCall(multi.exec());
  }

  /** End every session of a person; returns how many were live. */
  endPerson(personId: string, reason: EndReason): Promise<number> {
    return this.#endSet(`person-sessions:${personId}`, reason);
  }

  /** Back-channel logout: by the portal's session id, else by the portal account. */
  endPortalSessions(portal: string, by: { sid?: string; sub?: string }, reason: EndReason): Promise<number> {
    return by.sid ? this.#endSet(`op-sid:${portal}:${by.sid}`, reason) : this.#endSet(`op-sub:${portal}:${by.sub}`, reason);
  }

  /** A back-channel logout token's `jti`, claimed once for `ttlSeconds`: false when it was seen before. */
  async claimLogoutToken(portal: string, jti: string, ttlSeconds: number): Promise<boolean> {
    return (await storeCall(this.#redis.set(`logout-jti:${portal}:${jti}`, '1', 'EX', ttlSeconds, 'NX'))) === 'OK';
  }

  async endOne(sid: string, reason: EndReason): Promise<void> {
    const multi = this.#redis.multi();
    this.#end(multi, sid, reason);
    await storeCall(multi.exec());
    this.#invalidations.ended(sessionKey(sid));
  }

  async endedReason(sid: string): Promise<EndReason | undefined> {
    return ((await storeCall(this.#redis.get(endedKey(sid)))) as EndReason | null) ?? undefined;
  }

  async #endSet(key: string, reason: EndReason): Promise<number> {
    const sids = await storeCall(this.#redis.smembers(key));
    if (sids.length === 0) return 0;
    const multi = this.#redis.multi();
    for (const sid of sids) this.#end(multi, sid, reason);
    multi.del(key);
    const results = (await storeCall(multi.exec())) ?? [];
    for (const sid of sids) this.#invalidations.ended(sessionKey(sid));
    // Replies come in fours per session (DEL, SET, ZREM, PUBLISH): the DEL answers 1 when the session was live.
    return sids.filter((_, i) => results[i * 4]?.[1] === 1).length;
  }

  /**
   * One session ended, inside the caller's MULTI: deleted, its tombstone left, and every gateway instance
   * told in the same transaction (they drop it from their caches on hearing it).
   */
  #end(multi: ReturnType<Redis['multi']>, sid: string, reason: EndReason): void {
    multi
      .del(RedisSessionStore.key(sid))
      .set(endedKey(sid), reason, 'EX', this.#keepSeconds)
      .zrem(RedisSessionStore.ACTIVE_KEY, sessionKey(sid))
      .publish(this.#invalidations.channel('session'), sessionKey(sid));
  }

  /**
   * Signed-in sessions now, across every gateway instance: those saved and
   * neither ended nor lapsed (past the idle or absolute timeout with which
   * they were last saved); the lapsed ones are dropped from the count here.
   */
  async activeCount(now = Date.now()): Promise<number> {
    const [, [, count] = []] =
      (await storeCall(
        this.#redis.multi().zremrangebyscore(RedisSessionStore.ACTIVE_KEY, '-inf', now).zcard(RedisSessionStore.ACTIVE_KEY).exec(),
      )) ?? [];
    return Number(count ?? 0);
  }

  #indexes(person: SignedInPerson): string[] {
    return [
      `person-sessions:${person.id}`,
      `op-sub:${person.portal}:${person.subject}`,
      ...(person.opSessionId ? [`op-sid:${person.portal}:${person.opSessionId}`] : []),
    ];
  }
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** Activity is written back at most this often (each write renews the Redis TTL). */
const ACTIVITY_GRANULARITY_MS = 60_000;

/**
 * Runs after express-session: enforces the idle and absolute timeouts of a
 * signed-in session, records activity, and tells why there is no person when
 * a session cookie was presented (expired, or ended: signed out, by an
 * administrator, by the portal).
 */
export class SessionGuard {
  readonly #registry: SessionRegistry;
  readonly #timeouts: SessionTimeouts;
  readonly #clock: Clock;
  readonly #presentedSid: (req: Request) => string | undefined;
  readonly #logger: Logger;

  constructor(options: {
    registry: SessionRegistry;
    timeouts: SessionTimeouts;
    clock: Clock;
    presentedSid: (req: Request) => string | undefined;
    logger: Logger;
  }) {
    this.#registry = options.registry;
    this.#timeouts = options.timeouts;
    this.#clock = options.clock;
    this.#presentedSid = options.presentedSid;
    this.#logger = options.logger;
  }

  /** express-session TTL: what is left of the idle timeout, capped by the absolute one. */
  ttlSeconds(data: { person?: SignedInPerson; lastSeenAt?: number }, pendingSeconds: number): number {
    if (!data.person) return pendingSeconds;
    const now = this.#clock.now();
    const idleLeft = (data.lastSeenAt ?? data.person.signedInAt) + this.#timeouts.idleMs - now;
    const absoluteLeft = data.person.signedInAt + this.#timeouts.absoluteMs - now;
    return Math.max(1, Math.min(idleLeft, absoluteLeft) / 1000);
  }

  /**
   * Where a signed-in session stands: past the idle or absolute timeout
   * (`expired`), due to have its activity recorded (`active`), or neither.
   */
  state(data: { person: SignedInPerson; lastSeenAt?: number }, now = this.#clock.now()): 'expired' | 'active' | 'current' {
    const lastSeen = data.lastSeenAt ?? data.person.signedInAt;
    if (now - data.person.signedInAt >= this.#timeouts.absoluteMs || now - lastSeen >= this.#timeouts.idleMs) return 'expired';
    return now - lastSeen >= ACTIVITY_GRANULARITY_MS ? 'active' : 'current';
  }

  readonly middleware: RequestHandler = async (req, _res, next) => {
    const person = req.session.person;
    if (!person) return next();
    const now = this.#clock.now();
    const state = this.state({ person, lastSeenAt: req.session.lastSeenAt }, now);
    if (state === 'expired') {
      requestState(req).sessionExpired = true;
      await this.#registry
        .unregister(req.sessionID, person)
        .catch((err: unknown) => this.#logger.warn({ err }, 'session index cleanup failed'));
      // A fresh, empty session replaces it (the old one is deleted from the store).
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      return next();
    }
    if (state === 'active') req.session.lastSeenAt = now;
    requestState(req).person = person;
    next();
  };

  /** The signed-in person, or the reason there is none. */
  async require(req: Request): Promise<SignedInPerson> {
    const { person, sessionExpired: expired } = requestState(req);
    if (person) return person;
    if (expired) throw sessionExpired();
    const presented = this.#presentedSid(req);
    if (presented && presented !== req.sessionID) {
      const reason = await this.#registry.endedReason(presented);
      if (reason)
        throw new UnauthenticatedError({
          code: 'SESSION_REVOKED',
          title: '登入已結束，請重新登入',
          detail: `${END_REASON_TEXT[reason]}，請重新從入口網登入。`,
        });
      throw sessionExpired();
    }
    throw new UnauthenticatedError({ code: 'UNAUTHENTICATED', detail: '請先從入口網登入。' });
  }
}

const sessionExpired = () =>
  new UnauthenticatedError({
    code: 'SESSION_EXPIRED',
    title: '登入已逾時，請重新登入',
    detail: '閒置過久或登入時間已達上限，請重新從入口網登入。',
  });
