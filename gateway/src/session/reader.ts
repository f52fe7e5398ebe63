import type { Request, RequestHandler } from 'express';
import type { SessionData } from 'express-session';
import { unsign } from 'cookie-signature';
import type { Redis } from '@webitr/platform';
import { requestState } from '../http/request-state.ts';
import { sequence } from '../http/sequence.ts';
import type { SignedInPerson } from '../signed-in-person.ts';
import type { SessionCache } from './cache.ts';
import type { SessionGuard } from './sessions.ts';
import { RedisSessionStore, sessionKey, storeCall } from './store.ts';

/** Signed cookie values already checked, and the session id each carries. */
const KNOWN_COOKIES_MAX = 10_000;

/** A session cookie whose signature holds: the session id, and its key (a hash of the id) for caches and invalidations. */
export interface PresentedSession {
  sid: string;
  key: string;
}

type SessionState = 'expired' | 'active' | 'current';

/**
 * Reads the session cookie and the session behind it the cheap way, for the
 * requests that only need to know who is signed in (every call to a
 * service): one Redis GET, nothing written, no express-session. The GETs go
 * through a client of their own with auto-pipelining, so the reads of
 * requests arriving together share one round trip to Redis.
 *
 * express-session is made for sessions that change: per request it builds
 * Session and Cookie objects, hashes the whole session (the ID token
 * included) before and after the request to see whether to write it back,
 * and wraps the response. A call to a service changes nothing in the
 * session, except once a minute (the activity time).
 *
 * In front of Redis, the instance's SessionCache (a few seconds, dropped at
 * once when the session ends anywhere; off while the invalidation channel
 * is not live): a session plainly current in the cache costs no Redis read.
 */
export class SessionReader {
  readonly #redis: Redis;
  readonly #cookieName: string;
  readonly #secrets: readonly string[];
  readonly #guard: SessionGuard;
  readonly #cache: SessionCache;
  readonly #known = new Map<string, PresentedSession>();

  /** `redis`: the client for the reads (the gateway gives it one with auto-pipelining). */
  constructor(options: { redis: Redis; cookieName: string; secrets: readonly string[]; guard: SessionGuard; cache: SessionCache }) {
    this.#redis = options.redis;
    this.#cookieName = options.cookieName;
    this.#secrets = options.secrets;
    this.#guard = options.guard;
    this.#cache = options.cache;
  }

  /**
   * The session id of the request's session cookie, if its signature holds
   * under one of the secrets (as express-session reads it). A value once
   * verified is remembered: the same bytes always carry the same id.
   */
  sid(req: Request): string | undefined {
    return this.presented(req)?.sid;
  }

  /** The session id and key of the request's session cookie, if its signature holds. */
  presented(req: Request): PresentedSession | undefined {
    const raw = (req as { cookies?: Record<string, string | undefined> }).cookies?.[this.#cookieName];
    if (!raw?.startsWith('s:')) return undefined;
    const known = this.#known.get(raw);
    if (known !== undefined) return known;
    for (const secret of this.#secrets) {
      const sid = unsign(raw.slice(2), secret);
      if (sid === false) continue;
      const presented = { sid, key: sessionKey(sid) };
      if (raw.length <= 512) {
        if (this.#known.size >= KNOWN_COOKIES_MAX) this.#known.delete(this.#known.keys().next().value!);
        this.#known.set(raw, presented);
      }
      return presented;
    }
    return undefined;
  }

  /**
   * The signed-in person, when the session is there, signed in, within its
   * idle and absolute timeouts and not due to have its activity recorded;
   * otherwise undefined, and the request should take the full way
   * (express-session and the session guard), which expires, records or
   * explains.
   */
  async current(req: Request): Promise<{ session: PresentedSession; person: SignedInPerson } | undefined> {
    const found = await this.#read(req, 'current');
    return found?.state === 'current' ? { session: found.session, person: found.person } : undefined;
  }

  /**
   * The signed-in person if the session is within its timeouts, read without
   * writing anything: a look that is not the person's activity (the portal
   * tile's badges must not keep a session alive, or recreate an ended one).
   */
  async peek(req: Request): Promise<{ session: PresentedSession; person: SignedInPerson } | undefined> {
    const found = await this.#read(req, 'active');
    return found && found.state !== 'expired' ? { session: found.session, person: found.person } : undefined;
  }

  /**
   * The session from the cache when the cache says it is `enough` (current,
   * or for a look at least not expired), else from Redis (and into the
   * cache if current there).
   */
  async #read(
    req: Request,
    enough: 'current' | 'active',
  ): Promise<{ session: PresentedSession; person: SignedInPerson; state: SessionState } | undefined> {
    const session = this.presented(req);
    if (session === undefined) return undefined;
    const hit = this.#cache.get(session.key);
    if (hit !== undefined) {
      const state = this.#guard.state(hit);
      if (state === 'current' || (state === 'active' && enough === 'active')) return { session, person: hit.person, state };
      // Redis may know of activity recorded since (here or on another instance): ask it.
      this.#cache.forget(session.key);
    }
    const ticket = this.#cache.ticket();
    // A failed read answers 503 (SESSION_STORE_UNAVAILABLE): it says nothing about the session.
    const text = await storeCall(this.#redis.get(RedisSessionStore.key(session.sid)));
    if (text === null) return undefined;
    let data: SessionData;
    try {
      data = JSON.parse(text) as SessionData;
    } catch {
      return undefined;
    }
    const person = data.person;
    if (!person || typeof person !== 'object') return undefined;
    // express-session's own cookie expiry: none on our browser-session cookies, but a session that has one is not kept.
    const expires = (data.cookie as { expires?: string | null } | undefined)?.expires;
    if (expires && Date.parse(expires) <= Date.now()) return undefined;
    const state = this.#guard.state({ person, lastSeenAt: data.lastSeenAt });
    if (state === 'current' && !expires) this.#cache.set(session.key, { person, lastSeenAt: data.lastSeenAt }, ticket);
    return { session, person, state };
  }
}

/**
 * Session handling for the calls to the services: the cheap read when the
 * session is plainly current (the person goes where the session guard puts
 * it, the session id where CSRF checks read it), else the full way.
 */
export function serviceSession(reader: SessionReader, full: readonly RequestHandler[]): RequestHandler {
  const fullWay = sequence(...full);
  return (req, res, next) => {
    reader.current(req).then((found) => {
      if (!found) return fullWay(req, res, next);
      req.sessionID = found.session.sid;
      const state = requestState(req);
      state.person = found.person;
      state.sessionKey = found.session.key;
      next();
    }, next);
  };
}
