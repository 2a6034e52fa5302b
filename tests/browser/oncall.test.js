// Around the clock (issue 13), on one demo server whose clock the test
// moves (RUNDT_TEST_CLOCK_FILE, lib/clock.js). In MST Aarhus the supervisor
// takes tomorrow night's shift off the rota, sees the gap, cannot publish it
// without a reason, fills it with Sofie and publishes. At 02:00 that night
// Sofie, on a phone, sees she is on call, opens a family of Jonas's from
// "on call now", reads its crisis essentials and logs a call in fewer than
// ten fields. The next morning Jonas finds it unread; the auditor finds
// Sofie's on-call access in the log. At 14:00 Sofie is refused. Every page
// is checked with axe-core (WCAG 2.1 AA).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, assertNoSidewaysScroll, teamPath } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverNow } from './lib/clock.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

const NARROW = { width: 360, height: 740 };
const ZONE = 'Europe/Copenhagen';

/** Copenhagen's offset from UTC at an instant, as "+01:00" or "+02:00". */
function offsetAt(ms) {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName').value; // "GMT+01:00"
  return name.replace('GMT', '') || '+00:00';
}

/** The Copenhagen calendar day of an instant, YYYY-MM-DD. */
function dayOf(ms) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(ms));
}

/** `day` (YYYY-MM-DD) plus `n` days. */
function plusDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** An RFC 3339 instant for a Copenhagen wall-clock time on `day`. */
function copenhagen(day, time) {
  const guess = Date.parse(`${day}T${time}:00Z`);
  return `${day}T${time}:00${offsetAt(guess)}`;
}

describe('On call around the clock', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser({ testClock: true });
  const open = (options) => suite.open(options);

  it('the supervisor fills a gap, the therapist on call logs a call at 02:00 and is refused at 14:00', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const base = suite.server.baseUrl;
    // Tonight and tomorrow, on the team's clock: the night from `night`
    // 16:00 to `morning` 08:00 (a weekday night or part of a weekend).
    const today = dayOf(serverNow(base));
    const night = plusDays(today, 1);
    const morning = plusDays(today, 2);

    // 1. The supervisor takes the shift over that night off the rota.
    const { page: sup } = await open({ locale: 'da-DK' });
    await login(sup, base, 'mette.supervisor');
    const team = await teamPath(sup, base, 'MST Aarhus');
    assert.equal(await visit(sup, base, `${team}/oncall`), 200);
    const at0200 = `${morning}T02:00`;
    const covering = await sup.locator('#rota form.shift-form').evaluateAll((forms, at) => {
      const hit = forms.find((f) => {
        const s = f.querySelector('input[name=starts]').value;
        const e = f.querySelector('input[name=ends]').value;
        return s <= at && at < e;
      });
      return hit ? hit.getAttribute('action') : null;
    }, at0200);
    assert.ok(covering, `a demo shift covers ${at0200}`);
    const shiftForm = sup.locator(`#rota form.shift-form[action="${covering}"]`);
    await shiftForm.locator('xpath=ancestor::details').first().evaluate((d) => { d.open = true; });
    const [starts, ends] = await Promise.all([
      shiftForm.locator('input[name=starts]').inputValue(),
      shiftForm.locator('input[name=ends]').inputValue(),
    ]);
    assert.equal(await submit(sup, shiftForm.locator('button[name=remove]')), 200);
    assert.match(await text(sup.locator('#notices')), /ingen har vagt/i);
    await screenshot(sup, 'oncall-rota-gap-da');

    // Publishing the rota with the gap needs a written reason.
    const publish = sup.locator('#publish-form');
    assert.equal(await submit(sup, publish.getByRole('button', { name: 'Offentliggør vagtplanen' })), 422);
    assert.match(await text(sup.locator('#publish')), /hul|begrund/i);

    // Sofie takes the night; the gap is gone and the rota is published.
    const add = sup.locator('#add-form');
    const sofie = await add.locator('select[name=person_id] option', { hasText: 'Sofie Lund Madsen' }).getAttribute('value');
    await add.locator('select[name=person_id]').selectOption(sofie ?? '');
    await add.locator('input[name=starts]').fill(starts);
    await add.locator('input[name=ends]').fill(ends);
    assert.equal(await submit(sup, add.locator('button[type=submit]')), 200);
    assert.equal(await sup.locator('#no-notices').count(), 1, 'no gap left');
    assert.equal(await submit(sup, sup.locator('#publish-form').getByRole('button', { name: 'Offentliggør vagtplanen' })), 200);
    assert.match(await text(sup.locator('#publication')), /Offentliggjort/);
    assert.deepEqual(sup.problems, []);

    // 2. 02:00 that night: Sofie is on call, on her phone.
    suite.server.setClock(copenhagen(morning, '02:00'));
    const { page: phone } = await open({ locale: 'da-DK', viewport: NARROW, phone: true });
    await login(phone, base, 'sofie.therapist');
    assert.match(await text(phone.locator('#on-duty')), /Vagt nu/);
    assert.equal(await visit(phone, base, '/oncall/now'), 200);
    const families = phone.locator('#on-call-families a.call');
    assert.ok((await families.count()) > 0, 'the team families in treatment');
    await assertNoSidewaysScroll(phone, 'on call now');
    await screenshot(phone, 'phone-on-call-now-da');
    // A family of Jonas's with its crisis plan written.
    const jonass = await families.filter({ hasText: 'Jonas Holm' }).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(jonass.length > 0, "Jonas's families are on the list");
    let essentials = '';
    for (const href of jonass) {
      assert.equal(await visit(phone, base, href), 200);
      if ((await phone.locator('#people-to-call a.call').count()) > 0) {
        essentials = href;
        break;
      }
    }
    assert.match(essentials, /^\/cases\/\d+\/crisis$/, 'a family of Jonas with a crisis plan');
    const family = essentials.replace(/\/crisis$/, '');
    assert.match(await text(phone.locator('#on-call-access')), /vagt/i);
    assert.match((await phone.locator('#home-phones a.call').first().getAttribute('href')) ?? '', /^tel:\+45\d{8}$/);
    await assertNoSidewaysScroll(phone, 'the crisis essentials');
    await screenshot(phone, 'phone-crisis-essentials-da');
    // Being on call opens the crisis essentials, not the whole family.
    assert.equal(await visit(phone, base, family), 403);

    // She logs the call in fewer than ten fields.
    assert.equal(await visit(phone, base, `${family}/crisis-contacts/new`), 200);
    const form = phone.locator('#crisis-contact-form');
    const names = await form.locator('input:not([type=hidden]), select, textarea').evaluateAll(
      (fields) => [...new Set(fields.map((f) => f.getAttribute('name')))],
    );
    assert.ok(names.length < 10, `fewer than ten fields: ${names}`);
    await form.locator('select[name=caller]').selectOption('caregiver');
    await form.locator('textarea[name=about]').fill('Mor ringer: uro derhjemme, han vil ikke gå i seng');
    await form.locator('input[name=risk][value=moderate]').check();
    await form.locator('input[name=responses][value=phone_advice]').check();
    await form.locator('input[name=minutes]').fill('25');
    await form.locator('textarea[name=follow_up]').fill('Tal med mor om aftalerne for aftenen');
    assert.equal(await submit(phone, form.getByRole('button', { name: 'Gem kontakten' })), 200);
    assert.match(await text(phone.locator('main p.notice')), /Krisekontakten blev registreret/);
    assert.deepEqual(phone.problems, []);

    // 3. The next morning Jonas finds the call unread.
    suite.server.setClock(copenhagen(morning, '08:15'));
    const { page: jonas } = await open({ locale: 'da-DK', viewport: NARROW, phone: true });
    await login(jonas, base, 'jonas.therapist');
    const unread = jonas.locator(`main #crisis_unread a[href="${family}/crisis-contacts"]`);
    assert.equal(await unread.count(), 1, 'the family with the unread call');
    assert.deepEqual(jonas.problems, []);

    // The auditor sees Sofie's on-call access.
    const { page: auditor } = await open({ locale: 'da-DK' });
    await login(auditor, base, 'dk.auditor');
    assert.equal(await visit(auditor, base, '/audit?action=on_call'), 200);
    assert.match(await text(auditor.locator('main')), /crisis_essentials\.read\.on_call/);
    assert.equal(await visit(auditor, base, '/break-glass'), 200);
    assert.match(await text(auditor.locator('#on-call-review')), /Sofie Lund Madsen/);
    await screenshot(auditor, 'oncall-review-auditor-da');
    assert.deepEqual(auditor.problems, []);

    // 4. 14:00: Sofie is no longer on call, and is refused.
    suite.server.setClock(copenhagen(morning, '14:00'));
    const { page: later } = await open({ locale: 'da-DK', viewport: NARROW, phone: true });
    await login(later, base, 'sofie.therapist');
    assert.equal(await visit(later, base, essentials), 403);
    assert.equal(await visit(later, base, '/oncall/now'), 200);
    assert.equal(await later.locator('#on-call-families').count(), 0);
    assert.match(await text(later.locator('main')), /ikke vagt/);
  });
});
