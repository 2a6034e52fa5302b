// The on-call rota as a calendar feed (issue 13), read back by an
// independent parser: Mozilla's ical.js, as a phone's calendar would. A
// demo supervisor logs in through the API (password, then the code from
// the authenticator app), makes a feed of the team's whole rota and
// fetches it without any login; every event is on the team's clock with
// its time zone (Europe/Copenhagen for MST Aarhus, Europe/Oslo for MST
// Oslo), starts and ends at the instants the rota holds, and a weekday
// night lasts its true 16 hours. A feed's address answers 404 once
// revoked. On a 360 px phone, the rota page's "Calendar on your phone"
// lists the demo's team feed and makes a new one, showing its address once.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startServer } from './lib/server.js';
import { freshCode, DEMO_PASSWORD } from './lib/login.js';
import { serverAndBrowser } from './lib/suite.js';
import { visit, submit, screenshot, teamPath, assertNoSidewaysScroll } from './lib/pages.js';

const TEST_TIMEOUT = 240_000;

/** The session cookie a response sets (`rundt_session=…`). */
function sessionCookie(res) {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('rundt_session='));
  assert.ok(set, 'the answer sets the session cookie');
  return set.split(';')[0];
}

/** Logs `username` in through the API; returns what later calls send. */
async function logIn(baseUrl, username) {
  const json = { 'Content-Type': 'application/json' };
  const first = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(first.status, 200, `password step for ${username}`);
  assert.equal((await first.json()).next, 'verify');
  const second = await fetch(`${baseUrl}/api/v1/session/second-factor`, {
    method: 'POST',
    headers: { ...json, Cookie: sessionCookie(first) },
    body: JSON.stringify({ code: await freshCode(baseUrl, username) }),
  });
  assert.equal(second.status, 200, `code step for ${username}`);
  const { csrf_token: csrf } = await second.json();
  const cookie = sessionCookie(second);
  return {
    get: (path) => fetch(baseUrl + path, { headers: { Cookie: cookie } }),
    send: (method, path, body) =>
      fetch(baseUrl + path, {
        method,
        headers: { ...json, Cookie: cookie, 'X-CSRF-Token': csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

/** The path of the feed in its address (`/calendar/<secret>.ics`). */
const feedPath = (url) => new URL(url).pathname;

/** Parses a feed with ical.js, registering its time zone definition. */
function parseFeed(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(zone);
  }
  return calendar;
}

for (const { team, supervisor, zone } of [
  { team: 'MST Aarhus', supervisor: 'mette.supervisor', zone: 'Europe/Copenhagen' },
  { team: 'MST Oslo', supervisor: 'ingrid.supervisor', zone: 'Europe/Oslo' },
]) {
  describe(`the calendar feed of ${team}`, { timeout: TEST_TIMEOUT }, () => {
    let server;
    before(async () => {
      server = await startServer();
    });
    after(async () => {
      await server?.stop();
    });

    it(`is read by ical.js with every shift on ${zone} time at its true instants`, async () => {
      const api = await logIn(server.baseUrl, supervisor);
      const teams = await (await api.get('/api/v1/teams')).json();
      const teamId = teams.find((t) => t.name === team)?.id;
      assert.ok(teamId, `${team} among ${teams.map((t) => t.name)}`);
      const rota = await (await api.get(`/api/v1/teams/${teamId}/oncall`)).json();
      assert.ok(rota.shifts.length >= 50, `the demo rota has shifts: ${rota.shifts.length}`);

      const made = await api.send('POST', `/api/v1/teams/${teamId}/oncall/calendar-feeds`, { of: 'team' });
      assert.equal(made.status, 201);
      const feed = await made.json();
      assert.match(feed.url, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

      // No login: the secret address is the key.
      const res = await fetch(server.baseUrl + feedPath(feed.url));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
      const calendar = parseFeed(await res.text());
      assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
      const zones = calendar.getAllSubcomponents('vtimezone');
      assert.deepEqual(zones.map((z) => z.getFirstPropertyValue('tzid')), [zone]);

      const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      const byUid = new Map(events.map((e) => [e.uid, e]));
      let nights = 0;
      for (const shift of rota.shifts) {
        const event = byUid.get(`shift-${shift.id}@rundt`);
        assert.ok(event, `shift ${shift.id} is in the feed`);
        for (const [time, instant] of [
          [event.startDate, shift.starts_at],
          [event.endDate, shift.ends_at],
        ]) {
          // Written on the team's clock, not in UTC (except the repeated
          // October hour, which the demo's weeks do not hold).
          assert.equal(time.zone.tzid, zone, `shift ${shift.id}`);
          assert.equal(time.toJSDate().getTime(), new Date(instant).getTime(), `shift ${shift.id}`);
        }
        const hours = (event.endDate.toJSDate() - event.startDate.toJSDate()) / 3_600_000;
        assert.equal(hours * 60, shift.minutes, `shift ${shift.id} keeps its true length`);
        // A weekday night, 16:00 to 08:00 on the team's clock.
        if (event.startDate.hour === 16 && event.endDate.hour === 8 && hours === 16) nights += 1;
        assert.match(event.summary, /^(Vagt|Vakt): /);
        assert.doesNotMatch(event.description, /\d{6}-\d{4}/, 'no family data');
      }
      assert.ok(nights >= 20, `weekday nights of 16 hours: ${nights}`);

      // Revoked, the address answers 404.
      const revoked = await api.send('DELETE', `/api/v1/teams/${teamId}/oncall/calendar-feeds/${feed.id}`);
      assert.equal(revoked.status, 204);
      assert.equal((await fetch(server.baseUrl + feedPath(feed.url))).status, 404);
    });
  });
}

describe('the rota page\'s calendar section on a phone', { timeout: TEST_TIMEOUT }, () => {
  const suite = serverAndBrowser();

  it('lists the team feed and makes a feed of one\'s own shifts, its address shown once', async () => {
    const { page } = await suite.openAs('mette.supervisor', {
      viewport: { width: 360, height: 780 },
      phone: true,
    });
    const base = suite.server.baseUrl;
    const team = await teamPath(page, base, 'MST Aarhus');
    assert.equal(await visit(page, base, `${team}/oncall`), 200);
    const section = page.locator('section#calendar');
    assert.equal(await section.locator('#feeds li').count(), 1, 'the demo\'s team feed');
    assert.equal(await section.locator('#feed-url').count(), 0);

    const status = await submit(page, page.locator('#feed-me-form button[type="submit"]'));
    assert.equal(status, 201);
    const url = await page.locator('#feed-url').inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    assert.equal(await section.locator('#feeds li').count(), 2);
    await assertNoSidewaysScroll(page, 'the rota page with a new feed');
    await screenshot(page, 'calendar-feed-phone');

    const feed = await fetch(url);
    assert.equal(feed.status, 200);
    const calendar = parseFeed(await feed.text());
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    assert.ok(events.length > 0, 'Mette has shifts of her own');
    assert.ok(events.every((e) => e.summary === 'Vagt: Mette Kjærgaard'), 'only her own shifts');

    // Shown once: not on the page again.
    assert.equal(await visit(page, base, `${team}/oncall`), 200);
    assert.equal(await page.locator('#feed-url').count(), 0);
    assert.deepEqual(page.problems, []);
  });
});
