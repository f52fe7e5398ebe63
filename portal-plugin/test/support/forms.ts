// Forms a journey needs, made through the API in the signed-in person's own
// page (their session cookie, the CSRF token /api/me hands out, an
// Idempotency-Key on the create) — not through 差假申請, so the journeys of
// 申請案件, 代理案件 and 差假查詢 do not depend on that page.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectRefusal } from './browser.ts';
import type { FormView, LeaveTypesView } from '@webitr/contracts/views/leave';
import type { LeaveCommandInput } from '@webitr/contracts/forms/leave';

/** One call from inside the page, as the app makes it. */
export async function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/me', { headers: { accept: 'application/json' } })).json()) as { csrfToken: string };
      const headers: Record<string, string> = { accept: 'application/json', 'x-csrf-token': me.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
      const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as never };
    },
    { method, path, body },
  );
}

/** The person's deputy list holds `personId` (added at its end if missing; never twice, so no 409 on the page). */
export async function ensureDeputy(page: Page, personId: string): Promise<void> {
  const list = await callApi<{ deputies: { personId: string }[] }>(page, 'GET', '/api/leave/deputies');
  expect(list.status).to.equal(200);
  if (list.body.deputies.some((d) => d.personId === personId)) return;
  const added = await callApi(page, 'POST', '/api/leave/deputies', { personId });
  expect(added.status, JSON.stringify(added.body)).to.equal(201);
}

/** Files a leave form (one applicant) and answers it (the service answers `{ items: [form] }`). */
export async function fileLeave(page: Page, command: LeaveCommandInput): Promise<FormView> {
  const filed = await callApi<{ items: FormView[] }>(page, 'POST', '/api/leave/forms/leave', command);
  expect(filed.status, JSON.stringify(filed.body)).to.equal(201);
  return filed.body.items[0]!;
}

/** What remains of a leave type's balance on a day (GET /api/leave/leave-types?on=…), in its unit. */
export async function remainingOf(page: Page, leaveType: string, on: string): Promise<number> {
  const types = await callApi<LeaveTypesView>(page, 'GET', `/api/leave/leave-types?on=${on}`);
  expect(types.status).to.equal(200);
  const balance = types.body.types.find((t) => t.code === leaveType)?.balance;
  expect(balance, `${leaveType} has a balance on ${on}`).to.not.equal(undefined);
  return balance!.remaining;
}

/** A whole working day in Taipei as the API takes it (08:00–17:30 covers every demo schedule's day). */
export const day = (date: string) => ({ start: `${date} 08:00`, end: `${date} 17:30` });

/**
 * Types a date (and time) into a 民國 date field: the segments take the ROC
 * year, month, day (and hour, minute) as digits, as a person types them.
 */
export async function typeDate(page: Page, label: string, iso: string): Promise<void> {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(iso)!;
  const parts = [String(Number(m[1]) - 1911), m[2]!, m[3]!, ...(m[4] ? [m[4], m[5]!] : [])];
  // Typed segment by segment, the interval passes through others (year 1, 11, 115; a month-long span) that a quote
  // may refuse in words meanwhile (400 backdating, 409 balance): the test waits for the quote of the final interval.
  expectRefusal(page, 400, '/api/leave/forms/leave/quote');
  expectRefusal(page, 409, '/api/leave/forms/leave/quote');
  const field = page.locator('.date-field', { has: page.getByText(label, { exact: true }) });
  for (const [type, value] of [
    ['year', parts[0]],
    ['month', parts[1]],
    ['day', parts[2]],
    ['hour', parts[3]],
    ['minute', parts[4]],
  ] as const) {
    if (value === undefined) continue;
    // A clicked segment takes the digits typed afresh, as on a phone's keypad.
    await field.locator(`[data-type=${type}]`).click();
    await page.keyboard.type(value);
  }
  const shown = await field.locator('[data-type=year], [data-type=month], [data-type=day]').allTextContents();
  expect(shown.map(Number), `${label} shows ${iso}`).to.deep.equal(parts.slice(0, 3).map(Number));
}
