// Where each role lands after logging in: the start page with what needs
// them today (issue 10). Each test logs in as its own demo user.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, pathOf, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser } from './lib/suite.js';

const TEST_TIMEOUT = 120_000;

/** Headings of the start page's sections, without their counts. */
async function sectionTitles(page) {
  return (await texts(page.locator('main .start-section h3'))).map((t) => t.replace(/ \(\d+\)$/, ''));
}

/** Links to families in one section (by its heading). */
function familyLinks(page, heading) {
  return page
    .locator('main .start-section')
    .filter({ has: page.getByRole('heading', { name: heading }) })
    .locator('a[href^="/cases/"]');
}

describe('Each role starts on what needs them', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = async (options) => (await suite.open(options)).page;

  it('a supervisor lands on the inbox of their team', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'mette.supervisor');
    assert.equal(pathOf(page), '/');
    assert.deepEqual(await texts(page.locator('main h1')), ['Start']);
    assert.deepEqual(await texts(page.locator('main .start-group h2')), ['MST Aarhus']);
    assert.deepEqual(await sectionTitles(page), [
      'Nye henvisninger',
      'Venteliste',
      'Manglende ugeopsummeringer',
      'TAM-R-interview, der skal tages',
      'Huller og fund i vagtplanen',
      'Medarbejdere',
      'Terapeuter med plads',
    ]);
    // The demo leaves one Aarhus family without last week's summary.
    assert.ok(await familyLinks(page, 'Manglende ugeopsummeringer').count() >= 1, 'a missing summary');
    assert.ok(await page.locator('main li.late').count() >= 1, 'late things are marked');
    await screenshot(page, 'desktop-start-supervisor');
    assert.deepEqual(page.problems, []);
  });

  it('a therapist on a phone lands on their week', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'jonas.therapist');
    assert.equal(pathOf(page), '/');
    assert.match(await text(page.locator('main .start-group h2')), /^Ugen fra \d{4}-\d{2}-\d{2}$/);
    const mine = familyLinks(page, 'Mine familier i behandling');
    assert.ok(await mine.count() >= 1, 'their families in treatment');
    assert.match(await text(mine.first()), /^Familie \d+$/);
    await assertNoSidewaysScroll(page, 'the start page');
    await screenshot(page, 'phone-start-therapist');
    assert.deepEqual(page.problems, []);
  });

  it("a caseworker lands on their municipality's referrals", { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'aarhus.caseworker');
    assert.equal(pathOf(page), '/');
    assert.deepEqual(await sectionTitles(page), [
      'Henvisninger, teamet ikke har besluttet',
      'Venteliste',
      'I behandling',
    ]);
    assert.ok(await familyLinks(page, 'I behandling').count() >= 1, 'families in treatment');
    await screenshot(page, 'desktop-start-caseworker');
    assert.deepEqual(page.problems, []);
  });

  it('a Norwegian caseworker gets the start page in Norwegian', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'nb-NO' });
    await login(page, suite.server.baseUrl, 'oslo.caseworker');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    assert.deepEqual(await sectionTitles(page), [
      'Henvisninger teamet ikke har besluttet',
      'Venteliste',
      'I behandling',
    ]);
    assert.deepEqual(page.problems, []);
  });

  it('an auditor lands on the break-glass accesses to review', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'dk.auditor');
    assert.equal(pathOf(page), '/');
    assert.deepEqual(await sectionTitles(page), ['Nødadgange til gennemgang']);
    await screenshot(page, 'desktop-start-auditor');
    assert.deepEqual(page.problems, []);
  });

  it('a municipal manager starts on the results', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'aarhus.manager', { next: '/account' });
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    assert.equal(new URL(page.url()).pathname, '/results/municipality/0751');
    assert.deepEqual(page.problems, []);
  });
});
