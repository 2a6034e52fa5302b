// MST-CAN's safety first (issue 12), on the Norwegian team's pages: the
// therapist on a phone in the family's kitchen opens Jonas Berg's safety
// page (two plan versions, one incident still without a notification),
// records the notification and sees the flag go; the supervisor at her desk
// sees the case list warn of Sofie Haugen's family, two weeks in without a
// safety plan, and that family's page says the plan comes first.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

/** The path of the family page whose list row names `name`. */
async function familyPath(page, name) {
  const row = page.locator('main tr', { hasText: name }).first();
  const href = await row.locator('a[href^="/cases/"]').first().getAttribute('href');
  assert.ok(href, `a row for ${name}`);
  return href.replace(/[?#].*$/, '');
}

describe('MST-CAN: safety first', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = (options) => suite.open(options);

  it('the therapist records the notification of a flagged incident on a phone', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'nina.therapist', { next: '/cases' });
    assert.equal(await visit(page, suite.server.baseUrl, '/cases'), 200);
    const family = await familyPath(page, 'Jonas Berg');
    assert.equal(await visit(page, suite.server.baseUrl, family), 200);
    assert.match(await text(page.locator('#incident-not-notified')), /uten registrert melding/);
    assert.match(await text(page.locator('#safety-plan-status')), /^Sikkerhetsplan: versjon 2, avtalt \d{4}-\d{2}-\d{2}$/);

    assert.equal(await visit(page, suite.server.baseUrl, `${family}/safety`), 200);
    assert.deepEqual(await texts(page.locator('main h1')), ['Sikkerhet']);
    assert.match(await text(page.locator('#plan-version')), /^Versjon 2 · Avtalt med familien/);
    assert.equal(await page.locator('main details.summary').count(), 1, 'version 1 is kept');
    const flagged = page.locator('main article.flagged');
    assert.equal(await flagged.count(), 1);
    await assertNoSidewaysScroll(page, 'the safety page on a phone');
    await screenshot(page, 'phone-safety-nb');

    const form = flagged.locator('form[aria-label="Registrer meldingen"]');
    await form.getByLabel('Meldt dato').fill(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' }));
    await form.getByLabel('Meldt av').fill('Nina Larsen, terapeut');
    await form.getByLabel('Meldt til').fill('Barneverntjenesten i Bærum');
    assert.equal(await submit(page, form.getByRole('button', { name: 'Registrer meldingen' })), 200);
    assert.match(await text(page.locator('main p.notice')), /Meldingen er registrert/);
    assert.equal(await page.locator('main article.flagged').count(), 0, 'the flag is gone');
    assert.deepEqual(page.problems, []);
  });

  it('the supervisor is warned of a family two weeks in without a safety plan', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO' });
    await login(page, suite.server.baseUrl, 'kari.supervisor', { next: '/cases' });
    assert.equal(await visit(page, suite.server.baseUrl, '/cases'), 200);
    const row = page.locator('main tr', { hasText: 'Sofie Haugen' }).first();
    assert.match(await text(row), /Ingen sikkerhetsplan/);
    const family = await familyPath(page, 'Sofie Haugen');
    assert.equal(await visit(page, suite.server.baseUrl, family), 200);
    assert.match(await text(page.locator('#safety-plan-overdue')), /mer enn 7 dager uten sikkerhetsplan/);
    assert.match(await text(page.locator('#no-safety-plan')), /Den lages først/);
    await screenshot(page, 'desktop-safety-warning-nb');
    assert.deepEqual(page.problems, []);
  });
});
