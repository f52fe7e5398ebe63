// The portal tile's badges from GET /api/tile/counts (gateway/src/http/tile.ts):
// which count goes on which link, and nothing at all unless the answer says a
// person is signed in with every count a whole number.

/** The tile's links that carry a badge (data-count in tile.html): 批核案件, 申請案件, 代理案件. */
export const BADGE_KEYS = ['approvals', 'applications', 'deputy'] as const;
export type BadgeKey = (typeof BADGE_KEYS)[number];

export type Badges = Record<BadgeKey, number>;

/** The badges to show, or undefined for the plain tile (signed out, refused, or an answer not understood). */
export function badgesOf(answer: unknown): Badges | undefined {
  if (typeof answer !== 'object' || answer === null || (answer as { signedIn?: unknown }).signedIn !== true) return undefined;
  const badges = {} as Badges;
  for (const key of BADGE_KEYS) {
    const value = (answer as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
    badges[key] = value;
  }
  return badges;
}

/** What a badge shows: the count, capped so it fits the tile. */
export const badgeText = (count: number): string => (count > 99 ? '99+' : String(count));
