// A card machine (刷卡機) pushing its punches through the real gateway to the
// real punch-card-ingest service, end to end: 王美玲 (personnel, attendance
// manager) registers the machine in her browser and is shown its key once;
// the machine pushes a batch from 光華國小's onsite network with that key (no
// session: the gateway vouches for the network, the service checks the key);
// the same batch again stores nothing; the key from anywhere else, a wrong
// key and, once she revokes the machine, its own key are refused. Her 刷卡資料
// page then shows the day with the machine's two punches. Each viewport takes
// its own Tuesday, 10 and 11 weeks back (other journeys use weeks 2–8).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { VIEWPORTS, checkA11y, expectClean, newPerson, screenshot } from '../support/browser.ts';
import type { Person } from '../support/browser.ts';
import { callApi } from '../support/api.ts';
import { ZONES, theSystem } from '../support/system.ts';

const AGENCY = 'KH-GUANGHUA-ES';
/** 王美玲's card in the demo seed (packages/contracts/src/demo-accounts.ts). */
const CARD = '8800000004';

interface Report {
  deviceId: string;
  batchId: string;
  received: number;
  stored: number;
  duplicates: number;
  refused: { index: number; reason: string }[];
}

/** The Tuesday `weeksBack` weeks before this one, in Taipei, as ISO. */
function tuesdayWeeksBack(weeksBack: number): string {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const t = new Date(`${today}T00:00:00Z`);
  const monday = t.getTime() - ((t.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + (1 - weeksBack * 7) * 86_400_000).toISOString().slice(0, 10);
}

for (const viewport of VIEWPORTS) {
  describe(`a card machine pushing punches through the gateway (${viewport})`, function () {
    this.timeout(240_000);
    const people: Person[] = [];
    after(async () => {
      for (const p of people) await p.close();
    });

    it('registers, pushes from the onsite network once however often it is sent, is refused elsewhere and once revoked; 刷卡資料 shows the punches', async () => {
      const system = await theSystem();
      const day = tuesdayWeeksBack(viewport === 'phone' ? 10 : 11);
      const manager = await newPerson('personnel', { viewport, returnTo: `/attendance/records?from=${day}&to=${day}` });
      people.push(manager);
      const { page } = manager;
      await page.getByRole('heading', { name: '刷卡資料', level: 1 }).waitFor();

      const readerId = viewport === 'phone' ? 'E2E1' : 'E2E2';
      const registered = await callApi<{ device: { id: string; status: string }; key: string }>(
        page,
        'POST',
        `/api/attendance/agencies/${AGENCY}/devices`,
        { name: `大門刷卡機（${viewport}）`, readerId },
      );
      expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
      const { device, key } = registered.body;

      /** The machine's call: no cookie, its key, from an address the school's proxy puts in X-Forwarded-For (none: the intranet). */
      const push = async (body: unknown, from: string | undefined, credential = key) => {
        const res = await fetch(system.url('/api/attendance/device-punches'), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: `Bearer ${credential}`,
            ...(from ? { 'x-forwarded-for': from } : {}),
          },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        return {
          status: res.status,
          replayed: res.headers.get('device-batch-replayed'),
          body: JSON.parse(text) as Report & { code?: string },
        };
      };
      const batch = {
        batchId: `${readerId}-${day}-${randomUUID().slice(0, 8)}`,
        sentAt: new Date().toISOString(),
        punches: [
          { card: CARD, at: `${day}T07:41:00+08:00`, kind: '上班' },
          { card: CARD, at: `${day}T17:09:00+08:00`, kind: '下班' },
          { card: '8899999999', at: `${day}T08:00:00+08:00` },
        ],
      };

      const first = await push(batch, ZONES.onsite);
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      expect(first.body).to.include({ deviceId: device.id, received: 3, stored: 2, duplicates: 0 });
      expect(first.body.refused.map((r) => [r.index, r.reason])).to.deep.equal([[2, 'unknown-card']]);
      expect(first.replayed).to.equal(null);
      // Sent again (the machine did not hear the answer): the first answer, nothing stored twice.
      const again = await push({ ...batch, sentAt: new Date().toISOString() }, ZONES.onsite);
      expect(again.status).to.equal(201);
      expect(again.replayed).to.equal('true');
      expect(again.body).to.deep.equal(first.body);

      // The same key from the intranet (a zone, not the school's onsite one) or from an address in no zone at all:
      // the gateway refuses before any service sees it.
      for (const [from, code] of [
        [undefined, 'DEVICE_ONSITE_REQUIRED'],
        [ZONES.outside, 'NETWORK_ZONE_REQUIRED'],
      ] as const) {
        const refused = await push({ ...batch, batchId: `${batch.batchId}-x` }, from);
        expect([refused.status, refused.body.code], `from ${from ?? 'the intranet'}`).to.deep.equal([403, code]);
      }
      const wrongKey = await push({ ...batch, batchId: `${batch.batchId}-w` }, ZONES.onsite, `${device.id}.${'A'.repeat(43)}`);
      expect([wrongKey.status, wrongKey.body.code]).to.deep.equal([401, 'DEVICE_KEY_INVALID']);

      // 刷卡資料: her day with the machine's two punches, read through the page.
      await page.reload();
      const table = page.getByRole('table');
      await table.getByText('07:41 上班（刷卡機）').waitFor();
      await table.getByText('17:09 下班（刷卡機）').waitFor();
      const records = await callApi<{ items: { date: string; punches: { time: string; channel: string }[] }[] }>(
        page,
        'GET',
        `/api/attendance/me/punch-records?from=${day}&to=${day}`,
      );
      const punches = records.body.items.find((d) => d.date === day)?.punches ?? [];
      expect(punches.filter((p) => p.channel === 'device').map((p) => p.time)).to.deep.equal(['07:41', '17:09']);
      await screenshot(page, 'device-push-records');
      expectClean(page);
      await checkA11y(page);

      // Revoked: its own key no longer works, and nothing more is stored.
      const revoked = await callApi(page, 'DELETE', `/api/attendance/agencies/${AGENCY}/devices/${device.id}`);
      expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
      const afterRevoke = await push(
        { ...batch, batchId: `${batch.batchId}-r`, punches: [{ card: CARD, at: `${day}T12:00:00+08:00` }] },
        ZONES.onsite,
      );
      expect([afterRevoke.status, afterRevoke.body.code]).to.deep.equal([401, 'DEVICE_REVOKED']);
      const recheck = await callApi(page, 'GET', `/api/attendance/me/punch-records?from=${day}&to=${day}`);
      const stillTwo = (recheck.body as typeof records.body).items
        .find((d) => d.date === day)
        ?.punches.filter((p) => p.channel === 'device');
      expect(stillTwo?.map((p) => p.time)).to.deep.equal(['07:41', '17:09']);
    });
  });
}
