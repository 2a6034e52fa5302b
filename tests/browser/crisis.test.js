// An MST family's crisis plan and crisis contact log (issue 13) on a
// phone 360 px wide. In Aarhus, the therapist finds last night's calls to
// the supervisor unread on her start page, opens them, and sees the
// family's crisis plan is more than four weeks old; the numbers to call
// are large links that dial. In Oslo, the supervisor logs a call in eight
// fields in Norwegian, and the family's therapist then sees it unread.
// Every page is checked with axe-core (WCAG 2.1 AA).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

const NARROW = { width: 360, height: 740 };

/** The family page linked from the start page's unread crisis contacts. */
function unreadLinks(page) {
  return page.locator('main #crisis_unread a[href$="/crisis-contacts"]');
}

describe('MST: the crisis plan and the crisis contact log', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = (options) => suite.open(options);

  it("the therapist opens last night's contacts and the crisis plan on a phone", { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'da-DK', viewport: NARROW, phone: true });
    await login(page, suite.server.baseUrl, 'jonas.therapist');
    const links = unreadLinks(page);
    assert.equal(await links.count(), 1, 'one family with unread crisis contacts');
    assert.match(await text(page.locator('main #crisis_unread')), /2 ulæste/);
    const contacts = (await links.first().getAttribute('href')) ?? '';
    const family = contacts.replace(/\/crisis-contacts$/, '');
    await assertNoSidewaysScroll(page, 'the start page with unread contacts');

    assert.equal(await visit(page, suite.server.baseUrl, contacts), 200);
    assert.equal(await page.locator('main .crisis-unread').count(), 2);
    await assertNoSidewaysScroll(page, 'the crisis contacts');
    await screenshot(page, 'phone-crisis-contacts-da');
    const first = await page.locator('main #crisis-contacts a').first().getAttribute('href');
    assert.equal(await visit(page, suite.server.baseUrl, first ?? ''), 200);
    assert.match(await text(page.locator('main')), /Hjemmebesøg|Rådgivning i telefonen/);
    assert.equal(await visit(page, suite.server.baseUrl, contacts), 200);
    assert.equal(await page.locator('main .crisis-unread').count(), 1, 'the opened one is read');

    assert.equal(await visit(page, suite.server.baseUrl, family), 200);
    assert.match(await text(page.locator('#crisis-plan-due')), /mere end fire uger gammel/);
    assert.equal(await visit(page, suite.server.baseUrl, `${family}/crisis-plan`), 200);
    const calls = page.locator('main #people-to-call a.call');
    assert.equal(await calls.count(), 3);
    assert.match((await calls.first().getAttribute('href')) ?? '', /^tel:\+45\d{8}$/);
    const box = await calls.first().boundingBox();
    assert.ok(box && box.height >= 44, `a large touch target (${box?.height} px)`);
    await assertNoSidewaysScroll(page, 'the crisis plan');
    await screenshot(page, 'phone-crisis-plan-da');
    assert.deepEqual(page.problems, []);
  });

  it('the supervisor logs a call in Norwegian and the therapist sees it unread', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO', viewport: NARROW, phone: true });
    await login(page, suite.server.baseUrl, 'ingrid.supervisor', { next: '/cases' });
    assert.equal(await visit(page, suite.server.baseUrl, '/cases'), 200);
    const row = page.locator('main tr', { hasText: 'Sander Olsen' }).first();
    const href = await row.locator('a[href^="/cases/"]').first().getAttribute('href');
    const family = (href ?? '').replace(/[?#].*$/, '');
    assert.equal(await visit(page, suite.server.baseUrl, `${family}/crisis-contacts/new`), 200);
    const form = page.locator('#crisis-contact-form');
    const names = await form.locator('input:not([type=hidden]), select, textarea').evaluateAll(
      (fields) => [...new Set(fields.map((f) => f.getAttribute('name')))],
    );
    assert.ok(names.length < 10, `fewer than ten fields: ${names}`);
    await assertNoSidewaysScroll(page, 'the contact form');
    await screenshot(page, 'phone-crisis-contact-form-nb');
    await form.getByLabel('Hvem ringte').selectOption('caregiver');
    await form.getByLabel('Hva det gjaldt').fill('Mor ringte: Sander ville ikke komme hjem');
    await form.getByLabel('Høy').check();
    await form.getByLabel('Råd på telefon').check();
    await form.getByLabel('Varighet i minutter').fill('20');
    await form.getByLabel('Oppfølging for familiens terapeut').fill('Ring mor i morgen tidlig');
    assert.equal(await submit(page, form.getByRole('button', { name: 'Lagre kontakten' })), 200);
    assert.match(await text(page.locator('main p.notice')), /Krisekontakten ble registrert/);
    assert.deepEqual(page.problems, []);

    const { page: ola } = await open({ locale: 'nb-NO', viewport: NARROW, phone: true });
    await login(ola, suite.server.baseUrl, 'ola.therapist');
    assert.match(await text(ola.locator('main #crisis_unread')), /1 uleste/);
    assert.deepEqual(ola.problems, []);
  });
});
