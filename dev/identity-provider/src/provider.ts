// A development identity provider: the portals (the education portals, the
// Taipei employee portal) stand-in for `npm start` and the tests. A real
// OpenID Provider (oidc-provider) with the demo accounts and a login page that
// lists them. Never for production: main.ts refuses NODE_ENV=production.
import express from 'express';
import type { Express, Request, Response } from 'express';
import Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

export interface DevIdpAccount {
  username: string;
  password: string;
  name: string;
  email: string;
  nationalId: string;
  /** Shown on the login page. */
  agencyName?: string;
  purpose?: string;
}

export interface DevIdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  client_name?: string;
}

export interface DevIdpOptions {
  issuer: string;
  clients: readonly DevIdpClient[];
  accounts: readonly DevIdpAccount[];
  /** Signing keys (private JWKs); oidc-provider makes a throw-away one if none. Tests pass theirs to forge logout tokens. */
  jwks?: { keys: Record<string, unknown>[] };
  cookieKeys?: string[];
  /** Log a line (back-channel logout deliveries and failures). */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Text into HTML (the login page shows account and client names). */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  national_id: ['national_id'],
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,"Noto Sans TC","Microsoft JhengHei",sans-serif;background:#eef3f8;margin:0;color:#1c2430}
main{max-width:560px;margin:24px auto;background:#fff;border:1px solid #cfd8e3;border-radius:8px;padding:16px 20px}
h1{font-size:1.25rem;margin:0 0 4px}.dev{color:#a32020;font-size:.85rem;margin:0 0 12px}
ul{list-style:none;padding:0;margin:0}li{margin:0 0 8px}
.account{width:100%;text-align:left;padding:8px 12px;border:1px solid #b9c7d8;border-radius:6px;background:#f7faff;cursor:pointer;font:inherit}
.account strong{display:block}.account span{color:#5b6673;font-size:.85rem}
label{display:block;margin:8px 0 2px}input{font:inherit;padding:6px;width:100%;box-sizing:border-box}
button.submit{margin-top:12px;padding:8px 16px;font:inherit;background:#0b4f8a;color:#fff;border:0;border-radius:6px;cursor:pointer}
.error{color:#a32020}
</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, accounts: readonly DevIdpAccount[], clientName: string, error?: string): string {
  const list = accounts
    .map(
      (a) => `<li><form method="post" action="/interaction/${escapeHtml(uid)}/login">
<input type="hidden" name="username" value="${escapeHtml(a.username)}"><input type="hidden" name="password" value="${escapeHtml(a.password)}">
<button class="account" type="submit" data-username="${escapeHtml(a.username)}"><strong>${escapeHtml(a.name)}（${escapeHtml(a.username)}）</strong><span>${escapeHtml([a.agencyName, a.purpose].filter(Boolean).join('｜'))}</span></button>
</form></li>`,
    )
    .join('\n');
  return layout(
    '入口網登入（開發用）',
    `<h1>入口網登入</h1>
<p class="dev">開發用身分提供者：示範帳號的密碼都是 demo。正式環境由各入口網登入。</p>
<p>要登入：${escapeHtml(clientName)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<ul>${list}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">帳號</label><input id="username" name="username" autocomplete="username">
<label for="password">密碼</label><input id="password" name="password" type="password" autocomplete="current-password">
<button class="submit" type="submit">登入</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button class="account" type="submit">取消登入</button></form>`,
  );
}

export function createDevIdp(options: DevIdpOptions): { app: Express; provider: Provider } {
  const accounts = new Map(options.accounts.map((a) => [a.username, a]));
  const log = options.log ?? (() => undefined);

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      ...c,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...(c.backchannel_logout_uri ? { backchannel_logout_session_required: true } : {}),
    })),
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, name: account.name, email: account.email, email_verified: true, national_id: account.nationalId }),
      };
    },
    claims: SCOPE_CLAIMS,
    // Put the scopes' claims in the ID token (the gateway links people by them).
    conformIdTokenClaims: false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ...(options.cookieKeys ? { cookies: { keys: options.cookieKeys } } : {}),
    ...(options.jwks ? { jwks: options.jwks as Configuration['jwks'] } : {}),
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = layout(
            '登出入口網',
            `<h1>要登出入口網嗎？</h1><p>將一併登出經由入口網登入的系統。</p>${form}<button class="submit" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">是，登出</button> <button class="account" type="submit" form="op.logoutForm">否，保持登入</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = layout('已登出', '<h1>您已登出入口網</h1>');
        },
      },
    },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    // Consent is the portal's business; the stand-in grants what is asked.
    async loadExistingGrant(ctx) {
      const client = ctx.oidc.client!;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope(Object.keys(SCOPE_CLAIMS).join(' '));
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = layout(
        '入口網錯誤',
        `<h1>入口網錯誤</h1><p class="error">${escapeHtml(String(out.error))}：${escapeHtml(String(out.error_description ?? ''))}</p>`,
      );
    },
    // oidc-provider refuses outgoing requests to loopback and private addresses (SSRF protection);
    // the stand-in's back-channel logout goes to a gateway on this machine, so it uses plain fetch.
    fetch: (url, init) => {
      const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.on('backchannel.success', (_ctx, client) => log('back-channel logout delivered', { client: client.clientId }));
  provider.on('backchannel.error', (_ctx, err, client) =>
    log('back-channel logout failed', { client: client.clientId, err: (err as Error).message }),
  );
  provider.on('server_error', (_ctx, err) => log('provider error', { err: (err as Error).message }));

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ status: 'alive', service: 'identity-provider' }));
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  const clientName = async (clientId: string) => {
    const client = await provider.Client.find(clientId);
    return client?.clientName ?? clientId;
  };

  app.get('/interaction/:uid', async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(loginPage(details.uid, options.accounts, await clientName(String(details.params.client_id))));
  });

  app.post('/interaction/:uid/login', form, async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    const { username, password } = (req.body ?? {}) as { username?: string; password?: string };
    const account = username ? accounts.get(username) : undefined;
    if (!account || account.password !== password) {
      res
        .status(401)
        .type('html')
        .send(loginPage(details.uid, options.accounts, await clientName(String(details.params.client_id)), '帳號或密碼錯誤'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.username } }, { mergeWithLastSubmission: false });
  });

  app.post('/interaction/:uid/abort', async (req: Request, res: Response) => {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: '使用者取消登入' },
      { mergeWithLastSubmission: false },
    );
  });

  app.use(provider.callback());
  return { app, provider };
}
