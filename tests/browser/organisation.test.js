// What a logged-in person sees of the organisation: the teams they may see,
// a team's page, the three languages, a phone-sized screen and a missing
// team. Every page needs a login; each demo user logs in once (password and
// authenticator code) and the session is reused by that user's tests.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, submit, screenshot, text, texts, card, teamPath, PHONE } from './lib/pages.js';
import { login, assertAtLoginPage, LOGIN_HEADINGS } from './lib/login.js';
import { serverAndBrowser } from './lib/suite.js';

const DANISH_TEAMS = ['MST Aarhus', 'MST Vestegnen', 'MST-CAN Nordjylland'];
const NORWEGIAN_TEAMS = ['MST Oslo', 'MST-CAN Bærum og Asker', 'MST Bergen'];

const TEST_TIMEOUT = 90_000;

describe('Rundt in a browser, with the demo data', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = async (options) => (await suite.open(options)).page;
  // One login per demo user for this server: later tests of the same user
  // start a fresh context with that session's cookie.
  const openAs = async (username, options) => (await suite.openAs(username, options)).page;

  const sorted = (list) => [...list].sort();

  it("a national administrator sees their country's teams with their composition warnings", { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('dk.admin', { locale: 'da-DK' });
    assert.equal(await visit(page, suite.server.baseUrl, '/?lang=da'), 200);

    assert.equal(await page.title(), 'Teams · Rundt');
    assert.deepEqual(await texts(page.locator('main h1')), ['Teams']);

    const names = await texts(page.locator('li.card h2 a'));
    assert.deepEqual(sorted(names), sorted(DANISH_TEAMS), 'one card per Danish demo team, no Norwegian one');
    for (const href of await page.locator('li.card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href, /^\/teams\/\d+$/);
    }

    // A short-staffed team: one therapist where the model asks for two.
    const vestegnen = card(page, 'MST Vestegnen');
    assert.deepEqual(await texts(vestegnen.locator('ul.warnings li')), [
      '⚠ Teamet har 1 terapeut; modellen kræver mindst 2.',
    ]);
    assert.equal(await vestegnen.locator('[role="note"] ul.warnings').count(), 1, 'the warnings are a note');
    const vestegnenText = await text(vestegnen);
    assert.match(vestegnenText, /MST · Danmark/);
    assert.match(vestegnenText, /Hvidovre \(50 %\)/);
    assert.match(vestegnenText, /Albertslund \(25 %\)/);
    assert.match(vestegnenText, /Brøndby \(25 %\)/);
    assert.match(vestegnenText, /Medarbejdere: 3/, 'the supervisor, the therapist and the consultant');

    // MST-CAN with its crisis caseworker and part-time psychiatrist: the
    // model's posts are filled.
    const nordjylland = card(page, 'MST-CAN Nordjylland');
    assert.equal(await nordjylland.locator('ul.warnings').count(), 0);
    assert.match(await text(nordjylland), /MST-CAN · Danmark/);
    assert.match(await text(nordjylland), /Aalborg \(60 %\)/);

    // A team that matches its model shows no warning list at all.
    const aarhus = card(page, 'MST Aarhus');
    assert.equal(await aarhus.locator('ul.warnings').count(), 0);
    assert.match(await text(aarhus), /Aarhus \(100 %\)/);
    assert.match(await text(aarhus), /Medarbejdere: 5/);

    // Exactly the short-staffed team carries warnings.
    assert.equal(await page.locator('li.card ul.warnings').count(), 1);

    // The stylesheet loaded (same origin, allowed by the CSP) and nothing failed.
    const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bodyBg, 'rgb(246, 247, 249)');
    assert.deepEqual(page.problems, []);

    await screenshot(page, 'desktop-front');

    // The Norwegian office sees the Norwegian teams, shown with their country.
    const no = await openAs('no.admin', { locale: 'da-DK' });
    assert.equal(await visit(no, suite.server.baseUrl, '/?lang=da'), 200);
    assert.deepEqual(sorted(await texts(no.locator('li.card h2 a'))), sorted(NORWEGIAN_TEAMS));
    assert.match(await text(card(no, 'MST Oslo')), /MST · Norge/);
    assert.match(await text(card(no, 'MST-CAN Bærum og Asker')), /MST-CAN · Norge/);
    assert.match(await text(card(no, 'MST-CAN Bærum og Asker')), /Bærum \(60 %\)/);
    assert.deepEqual(no.problems, []);
  });

  it('a supervisor and a municipality see only their own teams', { timeout: TEST_TIMEOUT }, async () => {
    // A team member sees their team; a municipality the teams it owns.
    for (const [username, teams] of [
      ['mette.supervisor', ['MST Aarhus']],
      ['aarhus.manager', ['MST Aarhus']],
    ]) {
      const page = await openAs(username, { locale: 'da-DK' });
      assert.equal(await visit(page, suite.server.baseUrl, '/teams?lang=da'), 200);
      assert.deepEqual(await texts(page.locator('li.card h2 a')), teams, `teams of ${username}`);
      assert.deepEqual(page.problems, []);
    }

    // The municipality sees its team's page, but not the team's capacity.
    const manager = await openAs('aarhus.manager', { locale: 'da-DK' });
    assert.equal(await visit(manager, suite.server.baseUrl, `${await teamPath(manager, suite.server.baseUrl, 'MST Aarhus')}?lang=da`), 200);
    assert.deepEqual(await texts(manager.locator('main h1')), ['MST Aarhus']);
    assert.equal(await manager.locator('#capacity, #supervision').count(), 0, 'no capacity or supervision for a municipality');

    // Another team's page is refused, not shown, even when its address is known.
    const admin = await openAs('dk.admin', { locale: 'da-DK' });
    const vestegnen = await teamPath(admin, suite.server.baseUrl, 'MST Vestegnen');
    const mette = await openAs('mette.supervisor', { locale: 'da-DK' });
    assert.equal(await visit(mette, suite.server.baseUrl, `${vestegnen}?lang=da`), 403, `status of ${vestegnen} for mette.supervisor`);
    assert.deepEqual(await texts(mette.locator('main h1')), ['Du har ikke adgang til denne side.']);
    assert.equal(await mette.getByText('Lars Bech').count(), 0, "the other team's staff is not shown");

    // Across the border too: the Danish office cannot open a Norwegian team.
    const no = await openAs('no.admin', { locale: 'da-DK' });
    const oslo = await teamPath(no, suite.server.baseUrl, 'MST Oslo');
    assert.equal(await visit(admin, suite.server.baseUrl, oslo), 403, `status of ${oslo} for dk.admin`);
  });

  it('the team page shows staff, owners and model norms', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('dk.admin', { locale: 'da-DK' });
    await visit(page, suite.server.baseUrl, '/?lang=da');

    // Follow the link as a visitor would.
    await Promise.all([
      page.waitForURL(/\/teams\/\d+$/),
      page.getByRole('link', { name: 'MST Vestegnen', exact: true }).click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'da');
    assert.equal(await page.title(), 'MST Vestegnen · Rundt');
    assert.deepEqual(await texts(page.locator('main h1')), ['MST Vestegnen']);
    assert.equal((await texts(page.locator('main p.meta')))[0], 'MST · Danmark');

    // The four sections, each labelled by its heading.
    for (const name of ['Afvigelser fra modellen', 'Medarbejdere', 'Ejerkommuner', 'Normer (MST)']) {
      assert.equal(await page.getByRole('region', { name, exact: true }).count(), 1, `section ${name}`);
    }

    // The national office sees the team's capacity, but records no supervision.
    assert.equal(await page.getByRole('region', { name: 'Kapacitet', exact: true }).count(), 1, 'capacity for the national office');
    assert.equal(await page.getByRole('region', { name: 'Registrér supervision' }).count(), 0, 'no supervision form');

    const warnings = page.getByRole('region', { name: 'Afvigelser fra modellen' });
    assert.deepEqual(await texts(warnings.locator('ul.warnings li')), [
      '⚠ Teamet har 1 terapeut; modellen kræver mindst 2.',
    ]);

    const staff = page.getByRole('region', { name: 'Medarbejdere' });
    assert.deepEqual(await texts(staff.locator('thead th')), ['Navn', 'Funktion', 'Siden', 'Indtil']);
    const staffRows = await staff.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
    );
    assert.deepEqual(
      staffRows.map(([name, position]) => [name, position]).sort(),
      [['Camilla Friis', 'Terapeut'], ['Henrik Dam', 'MST-konsulent'], ['Lars Bech', 'Supervisor']],
    );
    for (const [, , since] of staffRows) assert.match(since, /^\d{4}-\d{2}-\d{2}$/);

    const owners = page.getByRole('region', { name: 'Ejerkommuner' });
    assert.deepEqual(await texts(owners.locator('thead th')), ['Navn', 'Andel']);
    const ownerRows = await owners.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
    );
    assert.deepEqual(ownerRows.sort(), [['Albertslund', '25 %'], ['Brøndby', '25 %'], ['Hvidovre', '50 %']]);

    const norms = page.getByRole('region', { name: 'Normer (MST)' });
    assert.deepEqual(await texts(norms.locator('dt')), [
      'Alder',
      'Terapeuter',
      'Familier pr. terapeut',
      'Varighed (måneder)',
    ]);
    const normValues = await texts(norms.locator('dd'));
    assert.equal(normValues.length, 4);
    assert.match(normValues[0], /^\d+–\d+ år$/);
    assert.equal(normValues[1], '2–4', 'MST asks for 2 to 4 therapists');
    assert.deepEqual(page.problems, []);

    await screenshot(page, 'desktop-team');

    // A team that matches its model says so.
    await page.getByRole('link', { name: '← Tilbage til teams' }).click();
    await page.waitForURL(/\/teams(\?.*)?$/);
    await page.getByRole('link', { name: 'MST Aarhus', exact: true }).click();
    await page.waitForURL(/\/teams\/\d+$/);
    assert.deepEqual(await texts(page.locator('main h1')), ['MST Aarhus']);
    assert.equal(await page.locator('ul.warnings').count(), 0);
    assert.deepEqual(await texts(page.locator('p.ok')), ['✓ Teamet svarer til modellens normer.']);
  });

  it('the pages are in Danish, Norwegian and English', { timeout: TEST_TIMEOUT }, async () => {
    const expected = {
      da: {
        h1: 'Teams', tagline: 'MST kommer hele vejen rundt', owners: 'Ejerkommuner', staff: 'Medarbejdere',
        warning: '⚠ Teamet har 1 terapeut; modellen kræver mindst 2.', back: '← Tilbage til teams',
        nav: 'Dansk', therapist: 'Terapeut',
      },
      nb: {
        h1: 'Team', tagline: 'MST når hele veien rundt', owners: 'Eierkommuner', staff: 'Ansatte',
        warning: '⚠ Teamet har 1 terapeut; modellen krever minst 2.', back: '← Tilbake til team',
        nav: 'Norsk', therapist: 'Terapeut',
      },
      en: {
        h1: 'Teams', tagline: 'MST reaches all the way round', owners: 'Owning municipalities', staff: 'Staff',
        warning: '⚠ The team has 1 therapist; the model asks for at least 2.', back: '← Back to teams',
        nav: 'English', therapist: 'Therapist',
      },
    };
    const page = await openAs('dk.admin', { locale: 'da-DK' });
    const vestegnen = await teamPath(page, suite.server.baseUrl, 'MST Vestegnen');

    for (const [lang, t] of Object.entries(expected)) {
      assert.equal(await visit(page, suite.server.baseUrl, `/?lang=${lang}`), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `html lang on / for ${lang}`);
      assert.deepEqual(await texts(page.locator('main h1')), [t.h1], `h1 for ${lang}`);
      assert.deepEqual(await texts(page.locator('.tagline')), [t.tagline]);
      assert.deepEqual(await texts(page.locator('nav.lang a[aria-current="true"]')), [t.nav]);
      assert.deepEqual(await texts(card(page, 'MST Vestegnen').locator('ul.warnings li')), [t.warning]);

      assert.equal(await visit(page, suite.server.baseUrl, `${vestegnen}?lang=${lang}`), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `html lang on team page for ${lang}`);
      assert.deepEqual(await texts(page.locator('#owners-h')), [t.owners], `owners heading for ${lang}`);
      assert.deepEqual(await texts(page.locator('#staff-h')), [t.staff]);
      assert.deepEqual(await texts(page.locator('ul.warnings li')), [t.warning]);
      assert.deepEqual(await texts(page.locator('main p').filter({ hasText: '←' })), [t.back]);
      const positions = await page.locator('#staff-h ~ .table-wrap table tbody td:nth-child(2)').allInnerTexts();
      assert.ok(positions.includes(t.therapist), `"${t.therapist}" among ${positions}`);
    }
    assert.deepEqual(page.problems, []);
  });

  it('the chosen language is remembered, and the browser language is the fallback', { timeout: TEST_TIMEOUT }, async () => {
    // Choosing Norsk in the header switches the page and is remembered.
    const chooser = await openAs('dk.admin', { locale: 'da-DK' });
    await visit(chooser, suite.server.baseUrl, '/');
    assert.equal(await chooser.locator('html').getAttribute('lang'), 'da');
    await Promise.all([
      chooser.waitForURL(/\?lang=nb$/),
      chooser.getByRole('navigation').getByRole('link', { name: 'Norsk' }).click(),
    ]);
    assert.equal(await chooser.locator('html').getAttribute('lang'), 'nb');
    assert.deepEqual(await texts(chooser.locator('main h1')), ['Team']);
    await visit(chooser, suite.server.baseUrl, '/');
    assert.equal(await chooser.locator('html').getAttribute('lang'), 'nb', 'the lang cookie wins over the browser');

    // A Norwegian browser gets Bokmål; an English one English: on the login
    // page a logged-out visitor is sent to, and on the team list after login.
    for (const [acceptLanguage, lang, loginH1, h1] of [
      ['nb-NO,nb;q=0.9', 'nb', 'Logg inn', 'Team'],
      ['no-NO,sv;q=0.5', 'nb', 'Logg inn', 'Team'],
      ['en-GB,en;q=0.9', 'en', 'Log in', 'Teams'],
      // A language Rundt does not speak: Danish.
      ['de-DE,de;q=0.9', 'da', 'Log ind', 'Teams'],
    ]) {
      const visitor = await open({ locale: 'en-US', acceptLanguage });
      await visit(visitor, suite.server.baseUrl, '/');
      await assertAtLoginPage(visitor, '/');
      assert.equal(await visitor.locator('html').getAttribute('lang'), lang, `login page, Accept-Language ${acceptLanguage}`);
      assert.deepEqual(await texts(visitor.locator('main h1')), [loginH1]);
      assert.ok(LOGIN_HEADINGS.includes(loginH1));

      const page = await openAs('dk.admin', { locale: 'en-US', acceptLanguage });
      await visit(page, suite.server.baseUrl, '/');
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `Accept-Language ${acceptLanguage}`);
      assert.deepEqual(await texts(page.locator('main h1')), [h1]);
    }
  });

  it('a caseworker who chose Danish gets Danish pages even with an English browser', { timeout: TEST_TIMEOUT }, async () => {
    // The demo's caseworkers chose their language on the account page.
    const page = await openAs('hvidovre.caseworker', { acceptLanguage: 'en-GB,en;q=0.9' });
    assert.equal(await visit(page, suite.server.baseUrl, '/cases'), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'da', 'the stored choice wins over the browser');
    assert.deepEqual(await texts(page.locator('main h1')), ['Familier']);

    // The language links still choose for one page.
    await visit(page, suite.server.baseUrl, '/cases?lang=nb');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    await visit(page, suite.server.baseUrl, '/cases');
    assert.equal(await page.locator('html').getAttribute('lang'), 'da', 'the stored choice comes back');
  });

  it('a person with no choice yet follows the browser until they choose on the account page', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('dk.consultant', { acceptLanguage: 'en-GB,en;q=0.9' });
    await visit(page, suite.server.baseUrl, '/account');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'no choice yet: the browser decides');

    await page.getByRole('combobox', { name: 'Language for my pages' }).selectOption('da');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save language' })), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'da');
    assert.equal(await visit(page, suite.server.baseUrl, '/account'), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'da', 'the choice is kept');
    await screenshot(page, 'account-language-chosen');
  });

  it('a phone-sized screen shows the team list without horizontal scrolling', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('dk.admin', { locale: 'da-DK', viewport: PHONE, phone: true });
    await visit(page, suite.server.baseUrl, '/?lang=da');

    const widths = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.equal(widths.innerWidth, PHONE.width);
    assert.ok(widths.scrollWidth <= widths.innerWidth, `front page is ${widths.scrollWidth}px wide on a ${widths.innerWidth}px screen`);

    // Every card fits the screen, one under the other.
    const boxes = await page.locator('li.card').evaluateAll((cards) =>
      cards.map((c) => {
        const r = c.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top };
      }),
    );
    assert.equal(boxes.length, DANISH_TEAMS.length);
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= PHONE.width, `card from ${b.left} to ${b.right}`);
    }
    assert.equal(new Set(boxes.map((b) => Math.round(b.left))).size, 1, 'a single column');
    await screenshot(page, 'phone-front');
  });

  it('a phone-sized screen shows a team page without horizontal scrolling', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('no.admin', { locale: 'da-DK', viewport: PHONE, phone: true });
    const path = await teamPath(page, suite.server.baseUrl, 'MST-CAN Bærum og Asker');
    await visit(page, suite.server.baseUrl, `${path}?lang=nb`);
    const widths = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(widths.scrollWidth <= widths.innerWidth, `team page is ${widths.scrollWidth}px wide on a ${widths.innerWidth}px screen`);
    await screenshot(page, 'phone-team');
  });

  it('an unknown team gives a not-found page in the chosen language', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAs('dk.admin', { locale: 'da-DK' });
    for (const [path, lang, message] of [
      ['/teams/999999?lang=en', 'en', 'Page not found.'],
      ['/teams/999999?lang=nb', 'nb', 'Siden finnes ikke.'],
      ['/teams/999999?lang=da', 'da', 'Siden findes ikke.'],
      ['/teams/not-a-number?lang=en', 'en', 'Page not found.'],
      ['/no/such/page?lang=nb', 'nb', 'Siden finnes ikke.'],
    ]) {
      assert.equal(await visit(page, suite.server.baseUrl, path), 404, `status of ${path}`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `html lang of ${path}`);
      assert.deepEqual(await texts(page.locator('main h1')), [message], `heading of ${path}`);
      assert.equal(await page.title(), `${message} · Rundt`);
    }
    // The way back leads to the team list.
    await page.locator('main').getByRole('link', { name: /Tilbake til team/ }).click();
    await page.waitForURL(`${suite.server.baseUrl}/`);
    assert.deepEqual(sorted(await texts(page.locator('li.card h2'))), sorted(DANISH_TEAMS));
  });
});
