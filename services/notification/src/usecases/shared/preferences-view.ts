import { CATEGORIES, CATEGORY_LABEL } from '../../domain/categories.ts';
import type { Category } from '../../domain/categories.ts';

export interface PreferencesView {
  /** Per category: whether it also comes by e-mail (in-app is always on). */
  email: Record<Category, boolean>;
  categories: { category: Category; label: string }[];
}

export function viewOf(emailOff: readonly string[]): PreferencesView {
  return {
    email: Object.fromEntries(CATEGORIES.map((c) => [c, !emailOff.includes(c)])) as Record<Category, boolean>,
    categories: CATEGORIES.map((category) => ({ category, label: CATEGORY_LABEL[category] })),
  };
}
