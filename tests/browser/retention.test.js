// The auditor's retention page (issue 11): the country's rules with what is
// due today, legal holds listed, placed and lifted with a reason, on a
// desktop in Danish and on a phone in Norwegian. The demo has Danish records
// over ten years old (one course and one declined referral due, one course
// on hold for a pending complaint) and Norwegian courses kept for good.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

/** The rules as [kind, what, due now, on hold] each. */
async function rules(page) {
  return page.locator('main article.rule').evaluateAll((articles) =>
    articles.map((a) => [
      a.querySelector('h3').textContent.trim(),
      a.querySelector('p').textContent.replace(/\s+/g, ' ').trim(),
      a.querySelector('dd.due').textContent.trim(),
      a.querySelector('dd.held').textContent.trim(),
    ]),
  );
}

describe('The auditor looks after retention', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = (options) => suite.open(options);

  it('the Danish auditor sees two old records due and one on hold, and holds and releases a case', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'dk.auditor', { next: '/retention' });
    assert.deepEqual(await texts(page.locator('main h1')), ['Opbevaring']);
    const table = await rules(page);
    const course = table.find((r) => r[0] === 'Forløb');
    assert.ok(course, JSON.stringify(table));
    assert.match(course[1], /^120 måneder efter sidste registrering, derefter anonymiseres den; kræver arkivmyndighedens afgørelse$/);
    assert.equal(course[2], '1', 'the course of 2013-14 is due');
    assert.equal(course[3], '1', 'the course with the pending complaint is held');
    const referral = table.find((r) => r[0] === 'Henvisning, ikke påbegyndt');
    assert.equal(referral[2], '1', 'the referral declined in 2015 is due');
    const holds = page.locator('main ul.holds > li');
    assert.equal(await holds.count(), 1);
    assert.match(await text(holds.first()), /tilbageholdt siden \d{4}-\d{2}-\d{2}: Forældrenes klage over sagsbehandlingen verserer i Ankestyrelsen/);
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'desktop-retention-da');

    // A reason too short is said next to the form, in Danish.
    const due = await page.locator('main a[href^="/audit?case="]').first().textContent();
    const caseNumber = due.replace(/\D/g, '');
    const form = page.locator('main form[action="/retention/holds"]');
    await form.getByLabel('Sagsnummer').fill(caseNumber);
    await form.getByLabel('Begrundelse').fill('kort');
    // The browser's own check stops a four-letter reason; the server says the same.
    await form.getByLabel('Begrundelse').evaluate((el) => el.removeAttribute('minlength'));
    assert.equal(await submit(page, form.getByRole('button', { name: 'Tilbagehold' })), 422);
    assert.match(await text(page.locator('#retention-error')), /Skal være mindst 5 tegn/);

    // Held: the case leaves the due list and appears among the holds.
    const again = page.locator('main form[action="/retention/holds"]');
    await again.getByLabel('Begrundelse').fill('Aktindsigtssag verserer');
    assert.equal(await submit(page, again.getByRole('button', { name: 'Tilbagehold' })), 200);
    assert.equal(await holds.count(), 2);
    const dueNow = (rows) => rows.reduce((sum, r) => sum + Number(r[2]), 0);
    assert.equal(dueNow(await rules(page)), 1, 'the held case is no longer due');

    // Released with a reason.
    const lift = page.locator(`main form[action="/retention/holds/${caseNumber}/lift"]`);
    await lift.getByLabel('Hvorfor ophæves tilbageholdet?').fill('Sagen er afgjort');
    assert.equal(await submit(page, lift.getByRole('button', { name: `Ophæv (Familie ${caseNumber})` })), 200);
    assert.equal(await holds.count(), 1);
    assert.equal(dueNow(await rules(page)), 2, 'released, it is due again');
    assert.deepEqual(page.problems, []);
  });

  it('the Norwegian auditor reads it on a phone: courses kept for good', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'no.auditor', { next: '/retention' });
    assert.equal(await visit(page, suite.server.baseUrl, '/retention'), 200);
    assert.deepEqual(await texts(page.locator('main h1')), ['Oppbevaring']);
    const course = (await rules(page)).find((r) => r[0] === 'Forløp');
    assert.equal(course[1], 'bevares for alltid');
    assert.equal(course[2], '0');
    assert.match(await text(page.locator('main ul.holds > li').first()), /Statsforvalteren/);
    await assertNoSidewaysScroll(page, 'the retention page on a phone');
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'phone-retention-nb');
  });
});
