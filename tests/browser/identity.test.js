// Who may see what: logging in with a password and an authenticator code,
// logging out, pages closed to visitors, break-glass access to a colleague's
// family and how the supervisor and the auditor see it, and API tokens.
//
// Each test logs in as its own demo user: an authenticator code can be used
// only once per account, so a second login of the same user would have to
// wait for the next 30-second step (lib/login.js does wait if it must).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, screenshot, submit, pathOf, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login, submitPassword, submitCode, assertAtLoginPage, assertLoggedIn } from './lib/login.js';
import { serverAndBrowser } from './lib/suite.js';

const TEST_TIMEOUT = 120_000;

/** Rows of a table as arrays of whitespace-collapsed cell texts. */
async function rows(table) {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/** The beginning of the page's text, for assertion messages. */
async function bodyStart(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 200);
}

/** [href, text] of every link in the main navigation. */
async function navLinks(page) {
  return page
    .locator('header nav.main a')
    .evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent.replace(/\s+/g, ' ').trim()]));
}

describe('Logging in, and access to families', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = async (options) => (await suite.open(options)).page;

  it('a supervisor logs in with password and authenticator code, sees the nav and logs out', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });

    // Step one: the password form.
    assert.equal(await visit(page, suite.server.baseUrl, '/login?lang=da'), 200);
    assert.equal(await page.title(), 'Log ind · Rundt');
    assert.deepEqual(await texts(page.locator('main h1')), ['Log ind']);
    assert.equal(await page.getByLabel('Brugernavn').getAttribute('autocomplete'), 'username');
    assert.equal(await page.getByLabel('Adgangskode').getAttribute('type'), 'password');
    assert.deepEqual(await texts(page.locator('main form button[type="submit"]')), ['Log ind']);
    await screenshot(page, 'desktop-login');

    assert.equal(await submitPassword(page, 'lars.supervisor'), 200);

    // Step two: the code from the authenticator app.
    assert.equal(new URL(page.url()).pathname, '/login/second-factor');
    assert.deepEqual(await texts(page.locator('main h1')), ['Totrinsbekræftelse']);
    assert.equal(await page.title(), 'Totrinsbekræftelse · Rundt');
    const code = page.getByLabel('Engangskode');
    assert.equal(await code.getAttribute('name'), 'code');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await page.locator('header nav.main').count(), 0, 'no navigation before the second step');
    await screenshot(page, 'desktop-second-factor');

    // Before the code, the password alone opens nothing.
    const pending = await open({ locale: 'da-DK', storageState: await page.context().storageState() });
    await visit(pending, suite.server.baseUrl, '/cases');
    assert.equal(new URL(pending.url()).pathname, '/login', 'a password-only session is sent back to log in');

    assert.equal(await submitCode(page, suite.server.baseUrl, 'lars.supervisor'), 200);
    assert.equal(pathOf(page), '/');
    await assertLoggedIn(page);

    // The header: what a supervisor may open (their own training record
    // among it), who is logged in, log out.
    const nav = await navLinks(page);
    const own = nav.find(([, label]) => label === 'Min uddannelse');
    assert.match(own?.[0] ?? '', /^\/people\/\d+$/, 'their own record');
    assert.deepEqual(nav, [
      ['/', 'Start'],
      ['/teams', 'Teams'],
      ['/cases', 'Familier'],
      ['/results', 'Resultater'],
      ['/oncall/now', 'Vagt nu'],
      ['/break-glass', 'Nødadgang'],
      [own[0], 'Min uddannelse'],
      ['/account', 'Min konto'],
    ]);
    assert.equal(await text(page.locator('header span.who')), 'Lars Bech · Supervisor');
    const logout = page.locator('header form.logout');
    assert.equal(await logout.getAttribute('method'), 'post');
    assert.equal(await logout.getAttribute('action'), '/logout');
    assert.ok((await logout.locator('input[name="csrf_token"]').inputValue()).length >= 20, 'the log-out form carries its CSRF token');
    assert.deepEqual(await texts(logout.locator('button')), ['Log ud']);

    // Only the supervisor's own team.
    assert.equal(await visit(page, suite.server.baseUrl, '/teams'), 200);
    assert.deepEqual(await texts(page.locator('li.card h2 a')), ['MST Vestegnen']);
    assert.deepEqual(page.problems, []);

    // Log out: back at the login page, and the team list is closed again.
    const before = await page.context().cookies();
    assert.ok(before.some((c) => c.name === 'rundt_session'), 'a session cookie while logged in');
    assert.equal(await submit(page, logout.locator('button')), 200);
    await assertAtLoginPage(page, null);
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    await assertAtLoginPage(page, '/');

    // The old session cookie is dead on the server too, not just forgotten.
    await page.context().addCookies(before.filter((c) => c.name === 'rundt_session'));
    await visit(page, suite.server.baseUrl, '/cases');
    await assertAtLoginPage(page, '/cases');
    assert.deepEqual(page.problems, []);
  });

  it('a wrong password is refused with a readable message', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'en-GB' });
    for (const username of ['ingrid.supervisor', 'no.such.user']) {
      assert.equal(await visit(page, suite.server.baseUrl, '/login?lang=en'), 200);
      assert.equal(await submitPassword(page, username, 'not-the-password'), 401, `status for ${username}`);
      assert.equal(new URL(page.url()).pathname, '/login', 'still on the login page');
      assert.deepEqual(await texts(page.locator('main h1')), ['Log in']);
      // One message, the same whether or not the account exists.
      assert.deepEqual(await texts(page.locator('main p.error[role="alert"]')), [
        'The username or password is not correct.',
      ]);
      // The username is kept, the password is not.
      assert.equal(await page.locator('main input[name="username"]').inputValue(), username);
      assert.equal(await page.locator('main input[name="password"]').inputValue(), '');
      assert.ok(!(await page.context().cookies()).some((c) => c.name === 'rundt_session'), 'no session cookie');
    }
    assert.deepEqual(page.problems, []);

    // A failed try does not lock the account: the right password still works.
    await login(page, suite.server.baseUrl, 'ingrid.supervisor');
    assert.equal(await visit(page, suite.server.baseUrl, '/teams'), 200);
    assert.deepEqual(await texts(page.locator('li.card h2 a')), ['MST Oslo']);
  });

  it('a refused login speaks the language of the page', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    for (const [lang, h1, message] of [
      ['da', 'Log ind', 'Brugernavn eller adgangskode er forkert.'],
      ['nb', 'Logg inn', 'Brukernavn eller passord er feil.'],
    ]) {
      assert.equal(await visit(page, suite.server.baseUrl, `/login?lang=${lang}`), 200);
      assert.equal(await submitPassword(page, 'astrid.supervisor', 'not-the-password'), 401, `status (${lang})`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.deepEqual(await texts(page.locator('main h1')), [h1]);
      assert.deepEqual(await texts(page.locator('main p.error[role="alert"]')), [message], `the message in ${lang}`);
    }
    assert.deepEqual(page.problems, []);
  });

  it('choosing a language on the login page keeps where the visitor was going', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await visit(page, suite.server.baseUrl, '/cases');
    await assertAtLoginPage(page, '/cases');
    await Promise.all([page.waitForEvent('load'), page.locator('nav.lang').getByRole('link', { name: 'English' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(await texts(page.locator('main h1')), ['Log in']);
    await assertAtLoginPage(page, '/cases');
  });

  it('every page sends a logged-out visitor to the login page', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    for (const path of [
      '/',
      '/?lang=en',
      '/teams/1',
      '/teams/999999',
      '/cases',
      '/cases/1',
      '/break-glass',
      '/persons/1/access-log',
      '/audit',
      '/audit?after=10',
      '/account',
      '/admin/users',
    ]) {
      assert.equal(await visit(page, suite.server.baseUrl, path), 200, `status after GET ${path}`);
      await assertAtLoginPage(page, path);
      assert.equal(await page.getByText('MST Aarhus').count(), 0, `nothing of ${path} is shown`);
    }
    // The second step without the first: back to the password.
    await visit(page, suite.server.baseUrl, '/login/second-factor');
    await assertAtLoginPage(page, null);
    assert.deepEqual(page.problems, []);

    // The stylesheet the login page needs is public; the API answers 401.
    assert.equal((await fetch(`${suite.server.baseUrl}/static/app.css`)).status, 200);
    for (const path of ['/api/v1/me', '/api/v1/teams']) {
      const res = await fetch(suite.server.baseUrl + path);
      assert.equal(res.status, 401, `GET ${path} without credentials`);
      assert.match(res.headers.get('content-type') || '', /json/);
    }
  });

  // The break-glass flow runs once; the auditor's test reads what it left.
  let breakGlass;
  function openedByBreakGlass() {
    breakGlass ??= (async () => {
      const reason = `Akut henvendelse fra familien i weekenden ${Date.now()}`;

      // Jonas's own families, as he sees them: Mikkel's (in treatment) and
      // Emil's (closed after its follow-ups), no one else's.
      const jonas = await open({ locale: 'da-DK' });
      await login(jonas, suite.server.baseUrl, 'jonas.therapist', { next: '/cases?show=all' });
      // His own families, closed ones too: Mikkel and Emil of the demo
      // stories, and the earlier courses of the demo history assigned to him.
      const mine = jonas.locator('main table a[href^="/cases/"]');
      assert.ok((await mine.count()) >= 2, 'a therapist sees his own families');
      // Each named by its young person and age.
      for (const link of await mine.all()) assert.match(await text(link), /^\p{Lu}[\p{L} -]+, \d+ år$/u);
      const own = await mine.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const h of own) assert.match(h, /^\/cases\/\d+$/);
      assert.equal(new Set(own).size, own.length, `different families: ${own}`);

      // Open each as he would, and find the young person of each.
      const young = new Map();
      for (const h of own) {
        await visit(jonas, suite.server.baseUrl, '/cases?show=all');
        assert.equal(await submit(jonas, jonas.locator(`main table a[href="${h}"]`)), 200, `GET ${h}`);
        assert.equal(pathOf(jonas), h);
        assert.equal(await jonas.locator('main p.flag').filter({ hasText: 'nødadgang' }).count(), 0, 'no break-glass warning for an own family');
        const people = await rows(jonas.getByRole('region', { name: 'Personer' }).locator('table'));
        const youngPerson = people.find((r) => r[1] === 'Den unge');
        assert.ok(youngPerson, `a young person among ${JSON.stringify(people)}`);
        young.set(youngPerson[0], { href: h, people });
      }
      assert.ok(young.has('Emil Sørensen') && young.has('Mikkel Andersen'), `Emil and Mikkel among ${[...young.keys()]}`);

      const { href, people } = young.get('Mikkel Andersen');
      const caseId = Number(href.split('/').pop());
      assert.equal(await visit(jonas, suite.server.baseUrl, href), 200);
      assert.deepEqual(people.find((r) => r[0] === 'Mikkel Andersen'), ['Mikkel Andersen', 'Den unge', '2011-03-15', '150311-XXXX']);
      assert.equal(people.length, 3, 'the young person and two caregivers');
      assert.doesNotMatch(await text(jonas.locator('main')), /\d{6}-?\d{4}/, 'no full national id on the page');
      assert.deepEqual(jonas.problems, []);

      // Sofie works in the same team but not with this family.
      const sofie = await open({ locale: 'da-DK' });
      await login(sofie, suite.server.baseUrl, 'sofie.therapist', { next: '/cases?show=all' });
      const hers = await sofie.locator('main table a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hers.length >= 1, 'sofie sees her own families');
      assert.ok(!hers.includes(href), 'but not Mikkel\'s');

      assert.equal(await visit(sofie, suite.server.baseUrl, href), 403, `status of ${href} for sofie.therapist`);
      assert.deepEqual(await texts(sofie.locator('main p.notice')), ['Du har ikke adgang til denne familie.']);
      assert.equal(await sofie.getByText('Mikkel').count(), 0, 'no personal data before break-glass');
      const reasonField = sofie.locator('main form textarea[name="reason"]');
      assert.equal(await reasonField.count(), 1);
      const open_ = sofie.locator('main form').getByRole('button', { name: 'Åbn med nødadgang' });
      assert.equal(await open_.count(), 1);

      await reasonField.fill(reason);
      const opened = await submit(sofie, open_);
      assert.equal(opened, 200, `the family opens after break-glass; POST ${href}/break-glass ended at ${pathOf(sofie)} with ${opened}: ${await bodyStart(sofie)}`);
      assert.equal(pathOf(sofie), href);
      const flag = sofie.locator('main p.flag[role="alert"]').filter({ hasText: 'nødadgang' });
      assert.equal(await flag.count(), 1, 'a break-glass warning on the family page');
      assert.match(await text(flag), /^⚠ Du har åbnet denne familie med nødadgang\./);
      const seen = await rows(sofie.getByRole('region', { name: 'Personer' }).locator('table'));
      assert.ok(seen.some((r) => r[0] === 'Mikkel Andersen' && r[3] === '150311-XXXX'), `Mikkel among ${JSON.stringify(seen)}`);
      assert.deepEqual(sofie.problems, []);
      await screenshot(sofie, 'desktop-case-break-glass');

      // Mette, their supervisor, sees the grant with its reason.
      const mette = await open({ locale: 'da-DK' });
      await login(mette, suite.server.baseUrl, 'mette.supervisor', { next: '/break-glass' });
      assert.deepEqual(await texts(mette.locator('main h1')), ['Nødadgang i dine teams']);
      const grants = await rows(mette.locator('main table'));
      const grant = grants.find((r) => r[1] === 'Sofie Lund Madsen');
      assert.ok(grant, `a grant for Sofie among ${JSON.stringify(grants)}`);
      assert.equal(grant[2], String(caseId));
      assert.equal(grant[3], reason);
      assert.deepEqual(mette.problems, []);
      await screenshot(mette, 'desktop-break-glass-review');

      return { caseId, reason };
    })();
    return breakGlass;
  }

  it("a therapist needs break-glass to open a colleague's family, and the supervisor sees it", { timeout: TEST_TIMEOUT }, async () => {
    await openedByBreakGlass();
  });

  it('the auditor sees the access log of a child whose family was opened by break-glass', { timeout: TEST_TIMEOUT }, async () => {
    const { caseId, reason } = await openedByBreakGlass();

    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'dk.auditor', { next: '/audit' });
    assert.deepEqual(await navLinks(page), [['/', 'Start'], ['/teams', 'Teams'], ['/audit', 'Revisionslog'], ['/retention', 'Opbevaring'], ['/account', 'Min konto']]);
    assert.equal(await text(page.locator('header span.who')), 'Jens Mikkelsen (DPO) · Revisor');
    assert.deepEqual(await texts(page.locator('main h1')), ['Revisionslog']);
    assert.match(await text(page.locator('main p.ok')), /^✓ Kæden er intakt \(\d+ hændelser\)$/);
    assert.ok((await page.locator('main table tbody tr').count()) > 0, 'events are listed');
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'desktop-audit-after-break-glass');

    // Sofie's break-glass reads, newest first: one event per person in the
    // family, each leading to the audit log about that person.
    assert.equal(await visit(page, suite.server.baseUrl, '/audit?action=case.read.break_glass'), 200);
    const persons = await page.locator('main table.audit tbody tr').evaluateAll((trs) =>
      trs
        .filter((tr) => tr.cells[1]?.childNodes[0]?.textContent.trim() === 'Sofie Lund Madsen')
        .map((tr) => tr.cells[3].querySelector('a')?.getAttribute('href')),
    );
    assert.equal(persons.length, 3, `the young person and two caregivers: ${persons}`);
    for (const href of persons) assert.match(href ?? '', /^\/audit\?person=\d+$/);

    // Follow the first link as the auditor would, on to the person's access
    // log; the others by address.
    for (const [i, href] of persons.entries()) {
      const personId = href.split('=')[1];
      const accessLog = `/persons/${personId}/access-log`;
      if (i === 0) {
        assert.equal(await submit(page, page.locator(`main table a[href="${href}"]`).first()), 200);
        assert.equal(pathOf(page), href);
        assert.equal(await submit(page, page.getByRole('link', { name: 'Se personens adgangslog' })), 200);
      } else {
        assert.equal(await visit(page, suite.server.baseUrl, accessLog), 200);
      }
      assert.equal(pathOf(page), accessLog);
      assert.deepEqual(await texts(page.locator('main h1')), [`Adgangslog · Person-id ${personId}`]);
      const log = await rows(page.locator('main table'));
      // [when, who, role, what, reason, outcome]
      const byBreakGlass = log.filter((r) => r[3] === 'case.read.break_glass');
      assert.equal(byBreakGlass.length, 1, `one break-glass read in ${JSON.stringify(log)}`);
      assert.equal(byBreakGlass[0][1], 'Sofie Lund Madsen');
      assert.equal(byBreakGlass[0][2], 'therapist');
      assert.equal(byBreakGlass[0][4], `break-glass: ${reason}`);
      assert.match(byBreakGlass[0][0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      // The own therapist's ordinary read is there too, without a reason.
      assert.ok(log.some((r) => r[1] === 'Jonas Holm' && r[3] === 'case.read'), `Jonas's read in ${JSON.stringify(log)}`);
    }

    // The audit page's person filter narrows the log to the same person.
    await visit(page, suite.server.baseUrl, '/audit');
    const personId = persons[0].split('=')[1];
    await page.locator('main form.audit-filter input[name="person"]').fill(personId);
    assert.equal(await submit(page, page.locator('main form.audit-filter').getByRole('button', { name: 'Vis hændelser' })), 200);
    assert.equal(new URL(page.url()).searchParams.get('person'), personId);
    const about = await page.locator('main table.audit tbody tr td:nth-child(4)').allInnerTexts();
    assert.ok(about.length > 0 && about.every((p) => p.trim() === personId), `only events about ${personId}: ${about}`);
    assert.deepEqual(page.problems, []);
    assert.ok(caseId > 0);
  });

  it('a user creates an API token and it works as a bearer token', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'peter.therapist', { next: '/account' });
    assert.deepEqual(await texts(page.locator('main h1')), ['Min konto']);
    assert.equal(await page.locator('code#new-token').count(), 0);

    const tokens = page.getByRole('region', { name: 'API-nøgler' });
    await tokens.locator('input[name="name"]').fill('Rapport-eksport');
    // A token that only reads, for a month.
    await tokens.getByLabel('Hvad den må').selectOption({ label: 'Kun læse' });
    await tokens.getByLabel('Dage til den udløber (1–365)').fill('30');
    const created = await submit(page, tokens.getByRole('button', { name: 'Opret nøgle' }));
    assert.equal(created, 200, `POST /account/tokens ended at ${pathOf(page)} with ${created}: ${await bodyStart(page)}`);
    const secret = await text(page.locator('code#new-token'));
    assert.match(secret, /^rundt_[A-Za-z0-9_-]{20,}$/);
    const listed = await rows(tokens.locator('table'));
    const mine = listed.find((r) => r[0] === 'Rapport-eksport');
    assert.ok(mine, `the token is listed: ${JSON.stringify(listed)}`);
    assert.equal(mine[1], 'Kun læse', `its scope: ${JSON.stringify(mine)}`);
    const ends = new Date(Date.now() + 30 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
    assert.equal(mine[3], ends, `it expires in 30 days: ${JSON.stringify(mine)}`);
    assert.ok(!listed.flat().some((c) => c.includes(secret)), 'the list does not repeat the secret');
    assert.deepEqual(page.problems, []);

    const me = (auth) =>
      fetch(`${suite.server.baseUrl}/api/v1/me`, { headers: auth ? { Authorization: auth } : {} });
    const res = await me(`Bearer ${secret}`);
    assert.equal(res.status, 200, 'GET /api/v1/me with the new token');
    const body = await res.json();
    assert.equal(body.username, 'peter.therapist');
    assert.equal((await me(`Bearer ${secret}x`)).status, 401, 'a wrong token');
    const write = await fetch(`${suite.server.baseUrl}/api/v1/me/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bredere' }),
    });
    assert.equal(write.status, 403, 'a read-only token writes nothing');
    assert.equal((await me()).status, 401, 'no token');

    // Shown once only.
    assert.equal(await visit(page, suite.server.baseUrl, '/account'), 200);
    assert.equal(await page.locator('code#new-token').count(), 0, 'the secret is not shown again');

    // Revoked, it stops working.
    const row = tokens.locator('tbody tr').filter({ hasText: 'Rapport-eksport' });
    assert.equal(await submit(page, row.getByRole('button', { name: 'Tilbagekald' })), 200);
    assert.equal(pathOf(page), '/account');
    assert.match(await text(tokens.locator('tbody tr').filter({ hasText: 'Rapport-eksport' })), /tilbagekaldt/);
    assert.equal((await me(`Bearer ${secret}`)).status, 401, 'a revoked token');
    assert.deepEqual(page.problems, []);
  });

  it('login, two-factor and logout work on a phone-sized screen', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await visit(page, suite.server.baseUrl, '/cases');
    await assertAtLoginPage(page, '/cases');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    assert.deepEqual(await texts(page.locator('main h1')), ['Logg inn']);
    await assertNoSidewaysScroll(page, 'the login page');
    await screenshot(page, 'phone-login');

    assert.equal(await submitPassword(page, 'ola.therapist'), 200);
    assert.equal(new URL(page.url()).pathname, '/login/second-factor');
    await assertNoSidewaysScroll(page, 'the second-factor page');
    const codeBox = await page.locator('main input[name="code"]').boundingBox();
    assert.ok(codeBox && codeBox.x >= 0 && codeBox.x + codeBox.width <= PHONE.width, 'the code field fits');
    await screenshot(page, 'phone-second-factor');

    assert.equal(await submitCode(page, suite.server.baseUrl, 'ola.therapist'), 200);
    assert.equal(pathOf(page), '/cases', 'back where the visitor wanted to go');
    await assertLoggedIn(page);
    assert.equal(await text(page.locator('header span.who')), 'Ola Nordmann Berg · Terapeut');
    assert.ok((await page.locator('main table a[href^="/cases/"]').count()) >= 1, 'his own families');
    await assertNoSidewaysScroll(page, 'the family list');

    // Every header control is on screen and big enough to tap.
    for (const control of await page.locator('header nav.main a, header form.logout button').all()) {
      const box = await control.boundingBox();
      const name = await text(control);
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${name} is on screen: ${JSON.stringify(box)}`);
    }
    await screenshot(page, 'phone-logged-in');

    const logout = page.locator('header form.logout button');
    assert.deepEqual(await texts(logout), ['Logg ut']);
    await Promise.all([page.waitForEvent('load'), logout.tap()]);
    await assertAtLoginPage(page, null);
    await visit(page, suite.server.baseUrl, '/');
    await assertAtLoginPage(page, '/');
    assert.deepEqual(page.problems, []);
  });
});
