// The portal tile's script (built to /assets/tile.js, see build.ts): asks the
// gateway for the signed-in person's counts, same-origin, and puts them on the
// links as badges; asks again whenever the portal's page is shown again
// (visibilitychange), which is cheap: one request, nothing while hidden.
// Signed out, the gateway answers 200 { signedIn: false } and the tile stays
// plain; a failure leaves it plain too (the links work without badges).
import { BADGE_KEYS, badgeText, badgesOf } from './badges.ts';
import type { Badges } from './badges.ts';

function show(badges: Badges | undefined): void {
  for (const key of BADGE_KEYS) {
    const badge = document.querySelector<HTMLElement>(`.webitr-badge[data-count="${key}"]`);
    if (!badge) continue;
    if (!badges) {
      badge.hidden = true;
      badge.replaceChildren();
      continue;
    }
    const count = badges[key];
    // Read as 「批核案件 3 件」: the number, then the word a screen reader needs.
    const unit = document.createElement('span');
    unit.className = 'visually-hidden';
    unit.textContent = ' 件';
    badge.replaceChildren(badgeText(count), unit);
    badge.classList.toggle('is-zero', count === 0);
    badge.hidden = false;
  }
}

let asking = false;

async function refresh(): Promise<void> {
  if (asking) return;
  asking = true;
  try {
    const answer = await fetch('/api/tile/counts', {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
    show(answer.ok ? badgesOf(await answer.json()) : undefined);
  } catch {
    show(undefined);
  } finally {
    asking = false;
  }
}

void refresh();
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
});
