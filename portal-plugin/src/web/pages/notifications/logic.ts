import type { NotificationPreferences } from '../../lib/notifications.ts';

/** The service's categories (services/notification/src/domain/categories.ts) in the words its settings use. */
const CATEGORY_LABEL: Record<string, string> = {
  deputy: '代理通知',
  approval: '批核通知',
  result: '申請結果通知',
  digest: '每日摘要',
};

/** A category's name; one this page does not know yet is shown as 通知 rather than as its code. */
export const categoryLabel = (category: string): string => CATEGORY_LABEL[category] ?? '通知';

/**
 * The checkboxes' state from the service's view: one per category it lists,
 * so a category the service adds appears (and is sent back) without a change here.
 */
export function choicesOf(view: NotificationPreferences): Record<string, boolean> {
  return Object.fromEntries(view.categories.map(({ category }) => [category, view.email[category] === true]));
}
