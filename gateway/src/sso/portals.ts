import type { Request } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import * as client from 'openid-client';
import { Strategy } from 'openid-client/passport';
import type { AuthenticateOptions, StrategyOptions, VerifyFunction } from 'openid-client/passport';
import { Passport } from 'passport';
import { InputError } from '@webitr/platform';
import type { Logger } from '@webitr/platform';
import type { PortalConfig } from '../config.ts';
import { unknownPortal } from './errors.ts';

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * openid-client's passport strategy, with two changes: every authorization
 * request carries a `state` and a `nonce` of its own (the stock strategy
 * sends neither when the provider supports PKCE), and the callback URL is
 * rebuilt from PUBLIC_URL rather than from request headers.
 */
class PortalStrategy extends Strategy {
  // Not a #private field: passport runs each request on Object.create(strategy), which has no private slots.
  readonly publicOrigin: string;

  constructor(options: StrategyOptions & { publicOrigin: string }, verify: VerifyFunction) {
    const { publicOrigin, ...rest } = options;
    super(rest, verify);
    this.publicOrigin = publicOrigin;
  }

  override authorizationRequestParams<T extends AuthenticateOptions>(req: Request, options: T): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options) as URLSearchParams | undefined);
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }

  override currentUrl(req: Request): URL {
    return new URL(req.originalUrl, this.publicOrigin);
  }
}

export interface LogoutClaims {
  sub?: string;
  sid?: string;
  jti?: string;
  exp?: number;
}

/** One configured portal: its provider metadata (discovered on first use), its strategy and its keys. */
export class Portal {
  readonly config: PortalConfig;
  readonly callbackUrl: string;
  readonly #publicOrigin: string;
  readonly #passport: InstanceType<typeof Passport>;
  readonly #allowHttp: boolean;
  readonly #logger: Logger;
  #discovered: Promise<client.Configuration> | undefined;
  #jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    config: PortalConfig,
    options: { publicOrigin: string; passport: InstanceType<typeof Passport>; allowHttp: boolean; logger: Logger },
  ) {
    this.config = config;
    this.#publicOrigin = options.publicOrigin;
    this.callbackUrl = `${options.publicOrigin}/sso/${config.id}/callback`;
    this.#passport = options.passport;
    this.#allowHttp = options.allowHttp;
    this.#logger = options.logger;
  }

  /** Seconds of clock difference allowed with the portal (openid-client's, for `exp` and `nbf`; here for `iat` too). */
  clockTolerance(configuration: client.Configuration): number {
    const tolerance = (configuration.clientMetadata() as Record<symbol, unknown>)[client.clockTolerance as symbol];
    return typeof tolerance === 'number' ? tolerance : 30;
  }

  /** Where the strategy keeps an unfinished sign-in's state, nonce and PKCE verifier in the session. */
  get sessionKey(): string {
    return `sso:${this.config.id}`;
  }

  get strategyName(): string {
    return `portal:${this.config.id}`;
  }

  /** Provider metadata; a failed discovery is retried on the next use. */
  configuration(): Promise<client.Configuration> {
    this.#discovered ??= this.#discover().catch((err: unknown) => {
      this.#discovered = undefined;
      throw err;
    });
    return this.#discovered;
  }

  async #discover(): Promise<client.Configuration> {
    const issuer = new URL(this.config.issuer);
    const execute = this.#allowHttp && issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    const configuration = await client.discovery(
      issuer,
      this.config.clientId,
      { client_secret: this.config.clientSecret },
      client.ClientSecretBasic(this.config.clientSecret),
      {
        // openid-client does not verify the signature of an ID token that comes from the token endpoint
        // (TLS to the issuer stands in for it) unless non-repudiation checks are on. With them, the token
        // must verify against the portal's published keys (jwks_uri): the key set is cached for at most
        // 5 minutes, and a key id it does not hold fetches it again, at most once a minute.
        execute: [...execute, client.enableNonRepudiationChecks],
        timeout: 5,
      },
    );
    const strategy = new PortalStrategy(
      {
        config: configuration,
        name: this.strategyName,
        sessionKey: this.sessionKey,
        callbackURL: this.callbackUrl,
        scope: this.config.scopes.join(' '),
        publicOrigin: this.#publicOrigin,
      },
      (tokens, done) => done(null, tokens),
    );
    this.#passport.use(this.strategyName, strategy);
    const jwksUri = configuration.serverMetadata().jwks_uri;
    if (jwksUri) this.#jwks = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5_000 });
    this.#logger.info({ portal: this.config.id, issuer: this.config.issuer }, 'portal discovered');
    return configuration;
  }

  /**
   * Where to send the browser to end the portal session too (RP-initiated
   * logout), if the portal supports it. The request names this client
   * (`client_id`) rather than the person's ID token (`id_token_hint`): ID
   * tokens of portals that link by national ID carry the 身分證字號, and the
   * URL goes through the browser, its history and the portal's logs. The
   * portal asks the person to confirm, which a hint would have let it skip.
   */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | undefined> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, { client_id: this.config.clientId, post_logout_redirect_uri: postLogoutRedirectUri })
      .href;
  }

  /**
   * A back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.6):
   * signed by this portal's keys, for this client, recent, with the logout
   * event, a sub or sid, and no nonce.
   */
  async verifyLogoutToken(token: string): Promise<LogoutClaims> {
    await this.configuration();
    const jwks = this.#jwks;
    if (!jwks) throw logoutTokenInvalid('入口網未提供簽章金鑰');
    let payload: JWTPayload;
    let typ: string | undefined;
    try {
      const result = await jwtVerify(token, jwks, {
        issuer: this.config.issuer,
        audience: this.config.clientId,
        maxTokenAge: '5m',
        requiredClaims: ['iat', 'events'],
        clockTolerance: 30,
      });
      payload = result.payload;
      typ = result.protectedHeader.typ;
    } catch (err) {
      throw logoutTokenInvalid('簽章、簽發者、對象或時效不符', err);
    }
    if (typ !== undefined && typ.toLowerCase() !== 'logout+jwt' && typ.toLowerCase() !== 'application/logout+jwt')
      throw logoutTokenInvalid('不是登出憑證（typ）');
    const events = payload.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object')
      throw logoutTokenInvalid('缺少登出事件（events）');
    if (payload.nonce !== undefined) throw logoutTokenInvalid('登出憑證不得含 nonce');
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    if (!sub && !sid) throw logoutTokenInvalid('缺少 sub 或 sid');
    return { sub, sid, jti: typeof payload.jti === 'string' ? payload.jti : undefined, exp: payload.exp };
  }
}

export const logoutTokenInvalid = (why: string, cause?: unknown) =>
  new InputError({ code: 'LOGOUT_TOKEN_INVALID', title: '登出憑證無效', detail: `logout_token 無效：${why}`, cause });

export class PortalRegistry {
  readonly passport = new Passport();
  readonly #portals: Map<string, Portal>;
  readonly defaultPortal: string;

  constructor(
    portals: readonly PortalConfig[],
    options: { publicOrigin: string; allowHttp: boolean; defaultPortal?: string; logger: Logger },
  ) {
    this.#portals = new Map(portals.map((p) => [p.id, new Portal(p, { ...options, passport: this.passport })]));
    this.defaultPortal = options.defaultPortal ?? portals[0]!.id;
  }

  get(id: string): Portal {
    const portal = this.#portals.get(id);
    if (!portal) throw unknownPortal(id);
    return portal;
  }

  get all(): Portal[] {
    return [...this.#portals.values()];
  }
}
