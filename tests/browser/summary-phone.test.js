// The weekly summary written on a phone in a family's kitchen (issue 10):
// the form opens on the current treatment week with links to the others,
// what is typed is kept on the device as a draft through a reload or a
// closed tab, a fourth contact is added with "Tilføj en kontakt", a call
// needs no place, a refused save keeps the draft and a saved one ends it.
// Also: a draft of an edit can be discarded, logging out clears every
// draft, and the form still works with JavaScript turned off.
//
// The demo's families (crates/rundt-seed): Camilla (MST Vestegnen) has
// Oliver Jensen four weeks into treatment with every past week written;
// Jonas (MST Aarhus) has Mikkel Andersen, whose last week is missing.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  visit, submit, screenshot, pathOf, text, texts, PHONE, assertNoSidewaysScroll, checkAccessibility,
} from './lib/pages.js';
import { serverAndBrowser } from './lib/suite.js';

const TEST_TIMEOUT = 240_000;

/** Dates as the pages write them (YYYY-MM-DD), computed in UTC. */
// A day as Rundt counts it: on the Danish and Norwegian clock, not UTC's.
const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const parseDay = (s) => new Date(`${s}T00:00:00Z`);
const addDays = (s, n) => iso(new Date(parseDay(s).getTime() + n * 86_400_000));
/** Monday of the week of a YYYY-MM-DD day. */
const mondayOf = (s) => addDays(s, -((parseDay(s).getUTCDay() + 6) % 7));

/** The field with this exact name attribute. */
const field = (scope, name) => scope.locator(`[name="${name}"]`);

/** The keys of the drafts this browser keeps for Rundt. */
const draftKeys = (page) =>
  page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('rundt-draft:')));

/** The beginning of the page's text, for assertion messages. */
async function bodyStart(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 600);
}

/** Reloads the page as a person does, and checks it with axe like `visit`. */
async function reload(page) {
  const response = await page.reload({ waitUntil: 'load' });
  await checkAccessibility(page);
  return response.status();
}

describe('The weekly summary on a phone', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();
  /**
   * A phone with `username` logged in: a fresh context (own storage) with
   * the session of that user's one login.
   */
  const phoneOf = (username) => suite.openAs(username, { viewport: PHONE, phone: true });

  /** The path of the family of `username` whose young person is `name`. */
  async function familyOf(page, name) {
    assert.equal(await visit(page, suite.server.baseUrl, '/cases'), 200);
    const hrefs = await page.locator('main table a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) {
      assert.equal(await visit(page, suite.server.baseUrl, href), 200);
      const people = await page.getByRole('region', { name: 'Personer' }).locator('tbody tr td:first-child').allInnerTexts();
      if (people.map((p) => p.trim()).includes(name)) return href;
    }
    assert.fail(`${name} is not among ${hrefs}`);
  }

  it('a therapist keeps a draft through a lost tab, adds a fourth contact and saves', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page } = await phoneOf('camilla.therapist');
    const oliver = await familyOf(page, 'Oliver Jensen');
    const newForm = `${oliver}/weekly-summaries/new`;

    // The form opens on the current treatment week; the earlier ones are
    // written and link to their edit pages.
    await Promise.all([
      page.waitForURL(`**${newForm}`),
      page.getByRole('region', { name: 'Næste skridt' }).getByRole('link', { name: 'Skriv ugeopsummering' }).tap(),
    ]);
    await checkAccessibility(page);
    const form = page.locator('main form#weekly-summary');
    const today = await field(form, 'week_start').getAttribute('max');
    const monday = mondayOf(today);
    assert.equal(await field(form, 'week_start').inputValue(), monday, 'this week is filled in');
    const weeks = page.getByRole('navigation', { name: 'Behandlingsuger' });
    await page.locator('details.weeks > summary').tap();
    const links = await texts(weeks.getByRole('link'));
    const n = links.length;
    assert.ok(n >= 5, `four weeks and more of treatment: ${links}`);
    assert.equal(await text(page.locator('#treatment-week')), `Behandlingsuge ${n} · Uge fra ${monday}`);
    assert.deepEqual(links, [...Array.from({ length: n - 1 }, (_, i) => `Uge ${i + 1} · skrevet`), `Uge ${n}`]);
    assert.equal(await weeks.getByRole('link', { name: `Uge ${n}`, exact: true }).getAttribute('aria-current'), 'page');
    assert.equal(
      await weeks.getByRole('link', { name: `Uge ${n - 1} · skrevet` }).getAttribute('href'),
      `${oliver}/weekly-summaries/${addDays(monday, -7)}/edit`,
    );
    await assertNoSidewaysScroll(page, 'the form with its weeks');
    await screenshot(page, 'phone-summary-weeks');
    await page.locator('details.weeks > summary').tap();

    // Three contact rows open, the others behind "Tilføj en kontakt".
    const rows = form.locator('.contact-row');
    assert.equal(await rows.count(), 14, 'fourteen rows in the form');
    assert.equal(await form.locator('.contact-row:visible').count(), 3);
    const add = form.getByRole('button', { name: 'Tilføj en kontakt' });
    assert.equal(await add.isVisible(), true);
    assert.equal(await form.locator('details.more-rows').count(), 0, 'the script took the rows out of the fold');
    assert.deepEqual(await draftKeys(page), [], 'no draft before typing');

    // Part of the summary, typed in the kitchen.
    await field(form, 'contacts[0].date').fill(monday);
    await field(form, 'contacts[0].minutes').fill('90');
    await field(form, 'contacts[0].with').fill('Mor, Oliver');
    await field(form, 'contacts[0].place').fill('hjemmet');
    await field(form, 'advances').fill('Oliver stod selv op tre morgener');
    const key = `rundt-draft:weekly-summary:case-${oliver.split('/')[2]}:week-${monday}:new`;
    assert.deepEqual(await draftKeys(page), [key], 'the draft is kept under the family and the week, no user name');

    // The page is reloaded: the draft is back, and says when it was saved.
    assert.equal(await reload(page), 200);
    const notice = page.locator('#draft-notice');
    await notice.waitFor({ state: 'visible' });
    await page.locator('#draft-notice-text').filter({ hasText: 'gendannet' }).waitFor();
    assert.match(await text(page.locator('#draft-notice-text')), /^En kladde gemt kl\. \d\d:\d\d er gendannet\.$/);
    assert.equal(await notice.getByRole('button', { name: 'Kassér kladden' }).isVisible(), true);
    assert.equal(await field(form, 'contacts[0].minutes').inputValue(), '90');
    assert.equal(await field(form, 'contacts[0].with').inputValue(), 'Mor, Oliver');
    assert.equal(await field(form, 'advances').inputValue(), 'Oliver stod selv op tre morgener');
    await assertNoSidewaysScroll(page, 'the form with the restored draft');
    await screenshot(page, 'phone-summary-draft-restored');

    // The tab is lost altogether; a new one on the same phone has it too.
    assert.deepEqual(page.problems, []);
    await page.close();
    const tab = await context.newPage();
    tab.problems = [];
    tab.on('pageerror', (err) => tab.problems.push(`pageerror: ${err.message}`));
    assert.equal(await visit(tab, suite.server.baseUrl, newForm), 200);
    await tab.locator('#draft-notice').waitFor({ state: 'visible' });
    const again = tab.locator('main form#weekly-summary');
    assert.equal(await field(again, 'contacts[0].place').inputValue(), 'hjemmet');

    // Two more contacts, then a fourth with "Tilføj en kontakt": a call,
    // which needs no place.
    await field(again, 'contacts[1].date').fill(monday);
    await field(again, 'contacts[1].minutes').fill('20');
    await field(again, 'contacts[1].mode').selectOption('phone');
    await field(again, 'contacts[1].with').fill('Klasselærer');
    await field(again, 'contacts[2].date').fill(monday);
    await field(again, 'contacts[2].minutes').fill('30');
    await field(again, 'contacts[2].mode').selectOption('video');
    await field(again, 'contacts[2].with').fill('Far');
    const fourth = again.locator('.contact-row').nth(3);
    assert.equal(await fourth.isVisible(), false);
    await again.getByRole('button', { name: 'Tilføj en kontakt' }).tap();
    assert.equal(await fourth.isVisible(), true, 'the fourth row is shown');
    assert.equal(await text(fourth.locator('.row-title')), 'Kontakt 4');
    assert.equal(await field(again, 'contacts[3].date').evaluate((el) => el === document.activeElement), true, 'and its date has the focus');
    assert.equal(await again.locator('.contact-row:visible').count(), 4);
    await field(again, 'contacts[3].date').fill(monday);
    await field(again, 'contacts[3].minutes').fill('45');
    await field(again, 'contacts[3].with').fill('Mor');
    // The place of the fourth, a visit at home, is forgotten at first.
    await field(again, 'next_week_goals[0]').fill('Oliver står op kl. 7 fire morgener');
    await assertNoSidewaysScroll(tab, 'the form with four contacts');
    const overflowing = await again.locator('input:not([type="hidden"]), select, textarea').evaluateAll((els) =>
      els.filter((e) => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map((e) => e.name),
    );
    assert.deepEqual(overflowing, [], 'fields beyond the screen edge');
    await screenshot(tab, 'phone-summary-fourth-contact');

    // Refused: the visit needs a place. The draft stays.
    const refused = await submit(tab, again.getByRole('button', { name: 'Gem' }));
    assert.equal(refused, 422, `a visit without a place: ${await bodyStart(tab)}`);
    const placeError = tab.locator('main form label').filter({ has: field(tab, 'contacts[3].place') }).locator('span.field-error');
    assert.equal(await text(placeError), 'angiv, hvor I mødtes (ved telefon og video er sted ikke nødvendigt)');
    assert.equal(await tab.locator('#draft-notice').isVisible(), false, 'what was sent is shown, not a draft over it');
    assert.deepEqual(await draftKeys(tab), [key], 'the draft survives the refusal');
    await screenshot(tab, 'phone-summary-refused');

    // Saved: the family's page confirms it, and the draft is gone.
    const sent = tab.locator('main form#weekly-summary');
    assert.equal(await field(sent, 'contacts[3].minutes').inputValue(), '45', 'the fourth contact came back');
    await field(sent, 'contacts[3].place').fill('hjemmet');
    const saved = await submit(tab, sent.getByRole('button', { name: 'Gem' }));
    assert.equal(saved, 200, `the summary ended at ${pathOf(tab)}: ${await bodyStart(tab)}`);
    assert.equal(pathOf(tab), `${oliver}?summary_saved=${monday}`);
    assert.equal(await text(tab.locator('#summary-saved')), `Ugeopsummeringen for ugen fra ${monday} er gemt.`);
    assert.deepEqual(await draftKeys(tab), [], 'the draft is gone once the summary is saved');
    const week = tab.locator('#summaries details.summary').first();
    assert.equal(await text(week.locator('summary')), `Uge fra ${monday} · 4 kontakter · 185 minutter`);
    const contactRows = await week.locator('table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())),
    );
    assert.deepEqual(contactRows.map((r) => [r[1], r[3], r[4]]), [
      ['90', 'hjemmet', 'Fremmøde'],
      ['20', '', 'Telefon'],
      ['30', '', 'Video'],
      ['45', 'hjemmet', 'Fremmøde'],
    ]);
    await assertNoSidewaysScroll(tab, 'the family page');
    await screenshot(tab, 'phone-summary-saved');

    // Every week is written now: the form opens this week's for editing,
    // with no draft to restore.
    assert.equal(await visit(tab, suite.server.baseUrl, newForm), 200);
    assert.equal(pathOf(tab), `${oliver}/weekly-summaries/${monday}/edit`);
    assert.equal(await tab.locator('#draft-notice').isVisible(), false);
    assert.deepEqual(tab.problems, []);
  });

  it('on a desktop the form shows the contact rows side by side', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await suite.openAs('jonas.therapist');
    const mikkel = await familyOf(page, 'Mikkel Andersen');
    assert.equal(await visit(page, suite.server.baseUrl, `${mikkel}/weekly-summaries/new?lang=nb`), 200);
    assert.equal(await text(page.locator('#treatment-week')).then((t) => t.replace(/\d+/g, 'N')), 'Behandlingsuke N · Uke fra N-N-N');
    const first = page.locator('.contact-row').first();
    const [date, minutes] = await Promise.all([
      field(first, 'contacts[0].date').boundingBox(),
      field(first, 'contacts[0].minutes').boundingBox(),
    ]);
    assert.equal(Math.round(date.y), Math.round(minutes.y), 'date and minutes on one line');
    assert.equal(await page.getByRole('button', { name: 'Legg til en kontakt' }).isVisible(), true);
    await assertNoSidewaysScroll(page, 'the form on a desktop');
    await screenshot(page, 'desktop-summary-form');
    assert.deepEqual(page.problems, []);
  });

  it('a draft of an edit can be discarded, and logging out clears every draft', { timeout: TEST_TIMEOUT }, async () => {
    const { page } = await phoneOf('camilla.therapist');
    const oliver = await familyOf(page, 'Oliver Jensen');
    // Last week's summary (folded: only the newest week is open).
    const edit = page.locator('#summaries details.summary').nth(1).locator('a[href$="/edit"]');
    const href = await edit.getAttribute('href');
    assert.equal(await visit(page, suite.server.baseUrl, href), 200);
    const form = page.locator('main form#weekly-summary');
    const stored = await field(form, 'advances').inputValue();
    assert.ok(stored.length > 0, 'the demo week has its advances');
    await field(form, 'advances').fill('Ændret på telefonen');
    await field(form, 'barriers').fill('Ingen');
    const keys = await draftKeys(page);
    assert.equal(keys.length, 1);
    assert.match(keys[0], /:edit-v\d+$/, 'an edit keeps its draft apart per version');

    assert.equal(await reload(page), 200);
    await page.locator('#draft-notice').waitFor({ state: 'visible' });
    assert.equal(await field(form, 'advances').inputValue(), 'Ændret på telefonen');
    await page.getByRole('button', { name: 'Kassér kladden' }).tap();
    assert.equal(await page.locator('#draft-notice').isVisible(), false);
    assert.equal(await field(form, 'advances').inputValue(), stored, 'the stored text is back');
    assert.deepEqual(await draftKeys(page), []);
    assert.equal(await reload(page), 200);
    assert.equal(await page.locator('#draft-notice').isVisible(), false, 'nothing to restore after discarding');

    // A draft typed, then the therapist logs out: the phone keeps none.
    await field(form, 'safety').fill('Sikkerhedsplan gennemgået');
    assert.equal((await draftKeys(page)).length, 1);
    const out = await submit(page, page.locator('header form.logout button'));
    assert.equal(out, 200);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.deepEqual(await draftKeys(page), [], 'logging out clears the drafts');
    assert.ok(oliver);
    assert.deepEqual(page.problems, []);
  });

  it('without JavaScript the form shows every contact row and saves', { timeout: TEST_TIMEOUT }, async () => {
    const state = await suite.sessionOf('jonas.therapist');
    const context = await suite.browser.newContext({ storageState: state, locale: 'da-DK', viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    suite.contexts.push(context);
    const page = await context.newPage();
    // The family link is found with a scripted page (axe), then opened without.
    const { page: finder } = await phoneOf('jonas.therapist');
    const mikkel = await familyOf(finder, 'Mikkel Andersen');
    const response = await page.goto(`${suite.server.baseUrl}${mikkel}/weekly-summaries/new`, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    const form = page.locator('main form#weekly-summary');
    const lastWeek = await field(form, 'week_start').inputValue();
    const today = await field(form, 'week_start').getAttribute('max');
    assert.equal(lastWeek, addDays(mondayOf(today), -7), 'the overdue week is filled in');
    // The rows beyond the third fold out together; no button without a script.
    assert.equal(await form.locator('.contact-row:visible').count(), 3);
    assert.equal(await form.getByRole('button', { name: 'Tilføj en kontakt' }).isVisible(), false);
    await form.locator('details.more-rows > summary').tap();
    assert.equal(await form.locator('.contact-row:visible').count(), 14);
    for (const [i, [minutes, mode, place]] of [['60', 'face_to_face', 'hjemmet'], ['15', 'phone', ''], ['30', 'video', ''], ['40', 'face_to_face', 'skolen']].entries()) {
      await field(form, `contacts[${i}].date`).fill(addDays(lastWeek, i));
      await field(form, `contacts[${i}].minutes`).fill(minutes);
      await field(form, `contacts[${i}].mode`).selectOption(mode);
      await field(form, `contacts[${i}].with`).fill('Lone');
      await field(form, `contacts[${i}].place`).fill(place);
    }
    await field(form, 'next_week_goals[0]').fill('Mikkel møder til matematik');
    await screenshot(page, 'phone-summary-no-script');
    await Promise.all([page.waitForURL(/summary_saved=/), form.getByRole('button', { name: 'Gem' }).tap()]);
    assert.equal(pathOf(page), `${mikkel}?summary_saved=${lastWeek}`);
    assert.equal(await text(page.locator('#summaries details.summary summary').first()), `Uge fra ${lastWeek} · 4 kontakter · 145 minutter`);
  });
});
