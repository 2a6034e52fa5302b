// Notices (issue 18): what is new is shown once on the start page, a person
// asks for it by e-mail on their account page (a wrong address is refused
// in their language, as they typed it), and the national office's
// administrator sees the outbox. Each test logs in as its own demo user.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser } from './lib/suite.js';

const TEST_TIMEOUT = 120_000;

/** The lines of the start page's "new since last time", as text. */
async function noticeLines(page) {
  return texts(page.locator('main #notices li'));
}

describe('Notices on the start page and by e-mail', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = async (options) => (await suite.open(options)).page;

  it('a supervisor sees this week\'s new referrals once, then asks for them by e-mail', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    const base = suite.server.baseUrl;
    await login(page, base, 'mette.supervisor');
    assert.equal(await text(page.locator('main #notices h2')).then((t) => t.replace(/ \(\d+\)$/, '')), 'Nyt siden sidst');
    const lines = await noticeLines(page);
    assert.ok(lines.some((l) => l.startsWith('Ny henvisning') && l.includes('MST Aarhus')), lines.join(' | '));
    // A line leads to the family, by its number only.
    const href = await page.locator('main #notices li a').first().getAttribute('href');
    assert.match(href, /^\/cases\/\d+$|^\/teams\/\d+/);
    await screenshot(page, 'desktop-start-notices');
    assert.deepEqual(page.problems, []);

    // Shown once: the next visit has nothing new.
    assert.equal(await visit(page, base, '/'), 200);
    assert.equal(await page.locator('main #notices').count(), 0);

    // E-mail too: an address that is not one is refused, kept as typed.
    assert.equal(await visit(page, base, '/account'), 200);
    const form = page.locator('form[action="/account/notifications"]');
    await form.getByLabel('E-mailadresse').fill('mette@aarhus');
    await form.getByLabel('Send mig også beskeder på e-mail').check();
    assert.equal(await submit(page, form.getByRole('button', { name: 'Gem' })), 422);
    assert.match(await text(page.locator('main [role="alert"]')), /ligner ikke en e-mailadresse/);
    assert.equal(await page.locator('form[action="/account/notifications"] input[name="email"]').inputValue(), 'mette@aarhus');
    const again = page.locator('form[action="/account/notifications"]');
    await again.getByLabel('E-mailadresse').fill('mette.supervisor@aarhus.example');
    assert.equal(await submit(page, again.getByRole('button', { name: 'Gem' })), 200);
    assert.equal(await text(page.locator('#notify-saved')), 'Gemt.');
    assert.ok(await page.getByLabel('Send mig også beskeder på e-mail').isChecked());
    // As stored, on a fresh visit.
    assert.equal(await visit(page, base, '/account'), 200);
    assert.equal(await page.getByLabel('E-mailadresse').inputValue(), 'mette.supervisor@aarhus.example');
    await screenshot(page, 'desktop-account-notices');
    assert.deepEqual(page.problems, []);
  });

  it('a Norwegian therapist on a phone is told last week\'s summary is missing', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'ola.therapist');
    const lines = await noticeLines(page);
    assert.ok(lines.some((l) => l.startsWith('Ukesoppsummering mangler')), lines.join(' | '));
    const link = page.locator('main #notices li a', { hasText: 'Ukesoppsummering mangler' }).first();
    assert.match(await link.getAttribute('href'), /^\/cases\/\d+\/weekly-summaries\/new$/);
    await assertNoSidewaysScroll(page, 'the start page with notices');
    await screenshot(page, 'phone-start-notices-nb');
    assert.deepEqual(page.problems, []);
  });

  it('the administrator sees the outbox; a supervisor is refused it', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    const base = suite.server.baseUrl;
    await login(page, base, 'dk.admin');
    await page.locator('header nav.main a[href="/admin/outbox"]').click();
    await page.waitForURL(/\/admin\/outbox$/);
    assert.equal(await text(page.locator('main h1')), 'Udbakke');
    const labels = await texts(page.locator('#outbox-counts dt'));
    assert.deepEqual(labels, ['Venter', 'Prøver igen', 'Sendt', 'Opgivet', 'Ikke set på startsiden']);
    assert.equal(await text(page.locator('#outbox-none')), 'Ingen e-mails har fejlet.');
    await screenshot(page, 'desktop-outbox');
    assert.deepEqual(page.problems, []);

    const supervisor = await open({ locale: 'da-DK' });
    await login(supervisor, base, 'lars.supervisor');
    assert.equal(await visit(supervisor, base, '/admin/outbox'), 403);
    assert.match(await text(supervisor.locator('main')), /udbakken/);
  });
});
