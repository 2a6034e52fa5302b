// MST-CAN's crisis caseworker and psychiatrist (issue 12), on the Norwegian
// team's pages. Anders, the crisis caseworker, at night on his phone: his
// start page lists the team's families in treatment with where their safety
// work stands; he opens Jonas Berg's safety page and reads the plan, with
// no way into the rest of the case. Bjørn, the psychiatrist: his start page
// shows the team's two questions about the family, one awaiting his answer;
// he reads the family's page and answers.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login } from './lib/login.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

describe('MST-CAN: the crisis caseworker and the psychiatrist', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = (options) => suite.open(options);

  it('the crisis caseworker reads a family\'s safety plan on a phone and nothing else', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'anders.crisis', { next: '/' });
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    assert.match(await text(page.locator('#h-safety_plans')), /^Familienes sikkerhetsplaner \(\d+\)$/);
    const item = page.locator('main li', { hasText: 'Jonas Berg' }).first();
    assert.match(await text(item), /sikkerhetsplan versjon 2, avtalt \d{4}-\d{2}-\d{2}/);
    assert.match(await text(item), /1 hendelse uten melding/);
    const sofie = page.locator('main li', { hasText: 'Sofie Haugen' }).first();
    assert.match(await text(sofie), /ingen sikkerhetsplan ennå · over 7 dager uten sikkerhetsplan/);
    const nav = await texts(page.locator('nav a'));
    assert.ok(!nav.includes('Resultater'), `no results in the menu: ${nav}`);
    assert.ok(!nav.includes('Familier'), `no family list in the menu: ${nav}`);
    await assertNoSidewaysScroll(page, 'the crisis caseworker\'s start page on a phone');
    await screenshot(page, 'phone-crisis-start-nb');

    const href = await item.locator('a').first().getAttribute('href');
    assert.match(href, /^\/cases\/\d+\/safety$/);
    assert.equal(await visit(page, suite.server.baseUrl, href), 200);
    assert.match(await text(page.locator('#plan-version')), /^Versjon 2 · Avtalt med familien/);
    assert.match(await text(page.locator('#family-people')), /Jonas Berg/);
    assert.equal(await page.locator('main form').count(), 0, 'no forms');
    const family = href.replace(/\/safety$/, '');
    assert.equal(await page.locator(`main a[href="${family}"]`).count(), 0, 'no way into the case');
    await assertNoSidewaysScroll(page, 'the safety page for the crisis caseworker');
    await screenshot(page, 'phone-crisis-safety-nb');
    assert.equal(await visit(page, suite.server.baseUrl, family), 403);
    assert.deepEqual(page.problems, []);
  });

  it('the psychiatrist answers the team\'s question about the child', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await open({ locale: 'nb-NO' });
    await login(page, suite.server.baseUrl, 'bjorn.psychiatrist', { next: '/' });
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    const items = page.locator('#consultations li');
    assert.equal(await items.count(), 2);
    assert.match(await text(items.first()), /venter på svaret ditt/);
    assert.match(await text(items.nth(1)), /besvart/);
    await screenshot(page, 'psychiatrist-start-nb');

    const href = await items.first().locator('a').getAttribute('href');
    const family = href.replace(/#.*$/, '');
    assert.equal(await visit(page, suite.server.baseUrl, family), 200);
    assert.equal(await visit(page, suite.server.baseUrl, `${family}/consultations`), 200);
    const awaiting = page.locator('main li.card', { hasText: 'venter på svar' }).first();
    assert.match(await text(awaiting), /mareritt/);
    assert.equal(await page.locator('#consultation-form').count(), 0, 'the team asks, not the psychiatrist');
    await awaiting.getByLabel('Svaret ditt').fill('Vent med TF-CBT til planen har holdt i fire uker; stabiliser søvnen først.');
    assert.equal(await submit(page, awaiting.getByRole('button', { name: 'Send svar' })), 200);
    assert.equal(await page.locator('main li.card', { hasText: 'venter på svar' }).count(), 0);
    assert.match(await text(page.locator('main')), /stabiliser søvnen først/);
    await screenshot(page, 'psychiatrist-consultations-nb');
    assert.deepEqual(page.problems, []);
  });
});
