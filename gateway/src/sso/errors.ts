import { AppError, ForbiddenError, InputError, UnauthenticatedError, UnavailableError } from '@webitr/platform';

/**
 * openid-client (and oauth4webapi under it) reports a failed check as an error
 * with a code and, down its cause chain, the claim that failed. Each failure a
 * person or an attacker can cause gets a stable problem code of its own.
 */
interface Checked {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  claim?: unknown;
  error?: unknown;
}

function chain(error: unknown): Checked[] {
  const links: Checked[] = [];
  for (let e = error as Checked | undefined, i = 0; e && typeof e === 'object' && i < 6; e = e.cause as Checked | undefined, i += 1)
    links.push(e);
  return links;
}

export const signInFailed = (code: string, detail: string, cause?: unknown): AppError =>
  new UnauthenticatedError({ code, title: '入口網登入失敗', detail: `${detail}請回到入口網重新點選差勤系統。`, cause });

export function ssoError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const links = chain(error);
  const codes = links.map((l) => l.code).filter((c): c is string => typeof c === 'string');
  const claim = links.map((l) => l.claim).find((c): c is string => typeof c === 'string');
  const message = links.map((l) => (typeof l.message === 'string' ? l.message : '')).join(' | ');
  if (links.some((l) => typeof l.error === 'string' && l.error === 'access_denied') || /access_denied/.test(message)) {
    return signInFailed('SSO_ACCESS_DENIED', '您在入口網取消了登入。', error);
  }
  if (codes.includes('OAUTH_JWT_CLAIM_COMPARISON_FAILED')) {
    if (claim === 'nonce') return signInFailed('SSO_NONCE_MISMATCH', '身分憑證（ID token）與這次登入要求不符。', error);
    if (claim === 'iss') return signInFailed('SSO_ISSUER_MISMATCH', '身分憑證不是由此入口網簽發。', error);
    if (claim === 'aud' || claim === 'azp') return signInFailed('SSO_AUDIENCE_MISMATCH', '身分憑證不是簽發給本系統。', error);
    return signInFailed('SSO_TOKEN_INVALID', '身分憑證內容不符。', error);
  }
  if (codes.includes('OAUTH_JWT_TIMESTAMP_CHECK_FAILED')) {
    if (claim === 'nbf') return tokenNotYetValid(error);
    return signInFailed('SSO_TOKEN_EXPIRED', '身分憑證已過期。', error);
  }
  // The ID token's signature (checked against the portal's published keys): a key it does not
  // publish, a key id it does not know, a signature that does not verify, an algorithm it does not use.
  if (codes.includes('OAUTH_KEY_SELECTION_FAILED') || /signature verification failed|unsupported JWS algorithm|"alg"/i.test(message)) {
    return signInFailed('SSO_TOKEN_SIGNATURE_INVALID', '身分憑證（ID token）的簽章無法以入口網公布的金鑰驗證。', error);
  }
  if (codes.includes('OAUTH_INVALID_RESPONSE')) {
    if (/"state"/.test(message)) return signInFailed('SSO_STATE_INVALID', '登入要求的狀態值不符（可能是偽造或重送的回應）。', error);
    if (/"iss"/.test(message)) return signInFailed('SSO_ISSUER_MISMATCH', '回應不是來自此入口網。', error);
    return signInFailed('SSO_RESPONSE_INVALID', '入口網的回應無效。', error);
  }
  if (links.some((l) => typeof l.error === 'string')) return signInFailed('SSO_PROVIDER_ERROR', '入口網回覆錯誤。', error);
  if (codes.some((c) => c.startsWith('OAUTH_')) || error instanceof TypeError) {
    return new UnavailableError({ code: 'SSO_PROVIDER_UNAVAILABLE', detail: '暫時無法與入口網完成登入，請稍後再試。', cause: error });
  }
  return new UnavailableError({ code: 'SSO_PROVIDER_UNAVAILABLE', detail: '暫時無法與入口網完成登入，請稍後再試。', cause: error });
}

export const tokenNotYetValid = (cause?: unknown) =>
  signInFailed('SSO_TOKEN_NOT_YET_VALID', '身分憑證的簽發時間在未來（入口網或本系統的時鐘可能不準）。', cause);

export const emailUnverified = () =>
  signInFailed('SSO_EMAIL_UNVERIFIED', '入口網未確認您的電子郵件已經驗證（email_verified），無法以電子郵件對應人員資料。');

export const stateInvalid = () => signInFailed('SSO_STATE_INVALID', '找不到對應的登入要求（可能已使用過、已逾時，或不是從本系統發出）。');

export const returnToInvalid = () =>
  new InputError({
    code: 'RETURN_TO_INVALID',
    title: '登入後的返回網址無效',
    detail: 'return_to 只能是本系統內的路徑（例如 /leave/apply）。',
  });

export const unknownPortal = (portal: string) =>
  new InputError({ code: 'PORTAL_UNKNOWN', title: '未設定此入口網', detail: `本系統未設定入口網「${portal}」。` });

export const agencyNotAllowed = (portalName: string, agencyName: string) =>
  new ForbiddenError({
    code: 'SSO_AGENCY_NOT_ALLOWED',
    title: '此入口網不能登入您的機關',
    detail: `${agencyName}的人員不能經由「${portalName}」登入本系統，請改用貴機關所屬的入口網。`,
  });
