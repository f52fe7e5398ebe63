import type { Problem } from '@webitr/contracts';

/**
 * The few pages the gateway itself renders for browsers: refusals (network,
 * permission, unknown person) and sign-in failures. Plain HTML with the web
 * app's stylesheet; no inline script or style, so the strict CSP holds.
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageLink {
  href: string;
  label: string;
}

export function page(options: { title: string; body: string; code?: string }): string {
  return `<!doctype html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} - WebITR 差勤系統</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<main class="card notice"${options.code ? ` data-problem-code="${escapeHtml(options.code)}"` : ''}>
${options.body}
</main>
</body>
</html>`;
}

/** A problem as a page: what happened, what to do, and the code to quote to the help desk. */
export function problemPage(problem: Problem & { requiredZones?: readonly string[] }, links: readonly PageLink[] = []): string {
  const body = [
    `<h1>${escapeHtml(problem.title)}</h1>`,
    problem.detail ? `<p class="detail">${escapeHtml(problem.detail)}</p>` : '',
    links.length
      ? `<p class="actions">${links.map((l) => `<a class="button" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join(' ')}</p>`
      : '',
    `<p class="code">代碼：<code>${escapeHtml(problem.code)}</code>${problem.errorId ? `，錯誤編號 <code>${escapeHtml(problem.errorId)}</code>` : ''}</p>`,
  ].join('\n');
  return page({ title: problem.title, body, code: problem.code });
}

export function signedOutPage(signInHref: string): string {
  return page({
    title: '您已登出',
    body: `<h1>您已登出差勤系統</h1>\n<p>如在公用電腦上使用，請一併關閉瀏覽器。</p>\n<p class="actions"><a class="button" href="${escapeHtml(signInHref)}">重新登入</a></p>`,
    code: 'SIGNED_OUT',
  });
}
