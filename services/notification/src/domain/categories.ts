/**
 * What a notification is about, as people choose which to get by e-mail
 * (in-app they always get all of them):
 * - `deputy` 代理: asked to consent, a duty handed to you;
 * - `approval` 批核: your turn, reminders of a step that waits;
 * - `result` 申請結果: what happened to your own forms;
 * - `digest` 每日摘要: the morning's digest of what waits for you and yesterday's attendance anomalies.
 */
export const CATEGORIES = ['deputy', 'approval', 'result', 'digest'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABEL: Record<Category, string> = {
  deputy: '代理通知',
  approval: '批核通知',
  result: '申請結果通知',
  digest: '每日摘要',
};
