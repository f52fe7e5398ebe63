// 可用系統's words: what a grant or revoke changed, said the way the page reports it.
import type { EntitlementResult } from '@webitr/contracts/views/directory';

/** `已授權 3 人使用 WebITR 差勤系統（學校用）（1 人原已有）`, or `已取消 2 人的 …（1 人原本沒有）`. */
export function entitlementSummary(mode: 'grant' | 'revoke', result: EntitlementResult, appName: string): string {
  const changed = result.items.filter((item) => item.changed.length > 0).length;
  const unchanged = result.items.length - changed;
  const main = mode === 'grant' ? `已授權 ${changed} 人使用${appName}` : `已取消 ${changed} 人的${appName}`;
  if (unchanged === 0) return main;
  return `${main}（${unchanged} 人${mode === 'grant' ? '原已有' : '原本沒有'}）`;
}

/** One person's checkbox changed: `已授權 陳怡君 使用 …` / `已取消 陳怡君 的 …`. */
export const oneChange = (mode: 'grant' | 'revoke', name: string, what: string): string =>
  mode === 'grant' ? `已授權 ${name} 使用${what}` : `已取消 ${name} 的${what}`;

/** The selection after a page of people changed: only those still listed stay selected. */
export function keepListed(selected: ReadonlySet<string>, listed: readonly { id: string }[]): Set<string> {
  const ids = new Set(listed.map((p) => p.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}
