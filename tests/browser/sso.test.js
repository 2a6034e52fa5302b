// Single sign-on with OpenID Connect (issue 18), end to end against a real
// provider (`oidc-provider`, lib/oidc.js) that this file starts: the
// administrator links a person's identity (the provider's subject, never an
// e-mail address), the person logs in at the provider and lands on their
// start page, logs out (offered the provider's end-session too); without a
// second factor from the provider Rundt asks for its own code. A replayed
// answer, a replayed code, an ID token for another client, with another
// login's nonce or expired, and an identity nobody linked are each refused.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, freePort } from './lib/server.js';
import { openPage, visit, submit, text, screenshot, checkAccessibility, pathOf, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login, submitCode, assertLoggedIn, forgetSteps } from './lib/login.js';
import { startProvider, RUNDT_CLIENT } from './lib/oidc.js';

const TEST_TIMEOUT = 120_000;
const PROVIDER_LABEL = 'Testkommune';
const METTE_SUBJECT = 'tk-7f3e-mette';
const JONAS_SUBJECT = 'tk-9b1c-jonas';

describe('Single sign-on through the organisation\'s identity provider', { timeout: 10 * 60_000 }, () => {
  let provider;
  let server;
  let browser;
  let dir;
  const contexts = [];
  /** The first successful login's answer from the provider (for replays). */
  let firstAnswer = null;

  const open = async (options) => {
    const opened = await openPage(browser, options);
    contexts.push(opened.context);
    return opened.page;
  };

  before(async () => {
    const rundtPort = await freePort();
    const rundtBase = `http://127.0.0.1:${rundtPort}`;
    provider = await startProvider({ port: await freePort(), rundtBase });
    dir = mkdtempSync(join(tmpdir(), 'rundt-sso-'));
    const secretFile = join(dir, 'client-secret');
    writeFileSync(secretFile, `${RUNDT_CLIENT.secret}\n`);
    const config = join(dir, 'sso.json');
    writeFileSync(config, JSON.stringify({
      password_login: true,
      providers: [{
        id: 'testkommune', issuer: provider.issuer, client_id: RUNDT_CLIENT.id,
        client_secret_file: secretFile, label: PROVIDER_LABEL,
      }],
    }));
    server = await startServer({ port: rundtPort, env: { RUNDT_SSO_CONFIG: config, RUNDT_PUBLIC_URL: rundtBase } });
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    if (browser) await browser.close().catch(() => {});
    if (server) {
      await server.stop();
      forgetSteps(server.baseUrl);
    }
    if (provider) await provider.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, { timeout: 60_000 });

  /**
   * From Rundt's login page through the provider's: the button, the
   * provider's form (`account`, with or without a second factor), and
   * back. Returns the callback's response.
   */
  async function throughProvider(page, account, { mfa = true } = {}) {
    const base = server.baseUrl;
    assert.equal(await visit(page, base, '/login'), 200);
    await Promise.all([
      page.waitForURL(/\/interaction\//),
      page.getByRole('link', { name: `Log ind med ${PROVIDER_LABEL}` }).click(),
    ]);
    await page.locator('input[name="login"]').fill(account);
    if (mfa) await page.locator('input[name="mfa"]').check();
    const answered = page.waitForResponse((r) => r.url().startsWith(`${base}/login/oidc/callback`));
    await page.locator('button.login-submit').click();
    const response = await answered;
    return response;
  }

  /** Asserts the callback refused the login with `words` on the login page. */
  async function assertRefused(page, response, words) {
    assert.ok([400, 401].includes(response.status()), `refused with ${response.status()} at ${response.url()}`);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/login/oidc/callback');
    assert.match(await text(page.locator('main p.error[role="alert"]')), words);
    await checkAccessibility(page);
    // Nothing logged in: the start page sends the visitor to log in.
    await visit(page, server.baseUrl, '/');
    assert.equal(new URL(page.url()).pathname, '/login');
  }

  it('the administrator links people\'s identities at the provider, one identity to one person', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    const base = server.baseUrl;
    await login(page, base, 'dk.admin');
    assert.equal(await visit(page, base, '/admin/users'), 200);
    for (const [username, subject] of [['mette.supervisor', METTE_SUBJECT], ['jonas.therapist', JONAS_SUBJECT]]) {
      const row = page.locator('main table tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${username}$`) }) });
      await Promise.all([page.waitForURL(/\/admin\/users\/\d+\/sso$/), row.getByRole('link', { name: /Single sign-on/ }).click()]);
      await checkAccessibility(page);
      assert.match(await text(page.locator('main h1')), new RegExp(username.replace('.', '\\.')));
      // The demo linked each person under their username at the configured
      // provider; Mette's is removed, so that one logs nobody in any more.
      assert.match(await text(page.locator('#identities tbody')), new RegExp(`${PROVIDER_LABEL} ${username}`));
      if (username === 'mette.supervisor') {
        assert.equal(await submit(page, page.getByRole('button', { name: `Fjern ${username}` })), 200);
        assert.equal(await text(page.locator('#no-identities')), 'Ingen identiteter er knyttet til kontoen.');
      }
      const form = page.locator('form[action$="/sso"]');
      await form.getByLabel('Identitetsudbyder').selectOption({ label: PROVIDER_LABEL });
      await form.getByLabel('Identitet (subject)').fill(subject);
      assert.equal(await submit(page, form.getByRole('button', { name: 'Knyt identitet' })), 200);
      assert.match(await text(page.locator('#identities tbody')), new RegExp(`${PROVIDER_LABEL} ${subject}`));
      if (username === 'mette.supervisor') await screenshot(page, 'desktop-admin-sso-identities');
      assert.equal(await visit(page, base, '/admin/users'), 200);
    }
    // One identity is one person: Mette's cannot be given to another.
    const other = page.locator('main table tbody tr').filter({ has: page.locator('td', { hasText: /^sofie\.therapist$/ }) });
    await Promise.all([page.waitForURL(/\/sso$/), other.getByRole('link', { name: /Single sign-on/ }).click()]);
    const form = page.locator('form[action$="/sso"]');
    await form.getByLabel('Identitet (subject)').fill(METTE_SUBJECT);
    assert.equal(await submit(page, form.getByRole('button', { name: 'Knyt identitet' })), 409);
    assert.match(await text(page.locator('main [role="alert"]')), /allerede knyttet til en konto/);
    assert.equal(await page.locator('form[action$="/sso"] input[name="subject"]').inputValue(), METTE_SUBJECT);
    assert.deepEqual(page.problems, []);
  });

  it('a supervisor logs in through the provider, lands on her start page and logs out of both', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    const base = server.baseUrl;
    assert.equal(await visit(page, base, '/login'), 200);
    await screenshot(page, 'desktop-login-sso');
    const response = await throughProvider(page, METTE_SUBJECT);
    assert.equal(response.status(), 200);
    firstAnswer = response.url();
    // The answer's page moves on to the start page by itself.
    await page.waitForURL(`${base}/`);
    await assertLoggedIn(page);
    assert.match(await text(page.locator('header span.who')), /Mette/);
    await checkAccessibility(page);

    // Logging out of Rundt offers the provider's end-session.
    await Promise.all([page.waitForURL(/\/login\?ended=testkommune$/), page.locator('header form.logout button').click()]);
    await checkAccessibility(page);
    const offer = page.locator('#sso-ended');
    assert.match(await text(offer), /logget ud af Rundt/);
    await Promise.all([page.waitForURL(/localhost:\d+\/session\/end/), offer.getByRole('link').click()]);
    await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('button', { name: 'Yes, sign me out' }).click()]);
    assert.equal(pathOf(page), '/login');
    await visit(page, base, '/');
    assert.equal(new URL(page.url()).pathname, '/login', 'the Rundt session has ended');
    assert.deepEqual(page.problems, []);
  });

  it('without a second factor from the provider, Rundt asks for its own code', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'da-DK' });
    const base = server.baseUrl;
    const response = await throughProvider(page, JONAS_SUBJECT, { mfa: false });
    assert.equal(response.status(), 200);
    await page.waitForURL(/\/login\/second-factor/);
    await checkAccessibility(page);
    const status = await submitCode(page, base, 'jonas.therapist');
    assert.ok(status < 400, `status ${status}`);
    assert.equal(pathOf(page), '/');
    await assertLoggedIn(page);
    assert.deepEqual(page.problems, []);
  });

  it('a replayed answer and a replayed code are refused', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(firstAnswer, 'the first login ran');
    const page = await open({ locale: 'da-DK' });
    // The same answer again: its login was taken.
    const again = await page.goto(firstAnswer);
    await assertRefused(page, again, /Login kunne ikke genkendes/);
    // The same code in a fresh login's answer: the provider refuses it.
    const oldCode = new URL(firstAnswer).searchParams.get('code');
    provider.rewriteNextAnswer((url) => {
      const u = new URL(url);
      u.searchParams.set('code', oldCode);
      return u.toString();
    });
    const replayed = await throughProvider(page, METTE_SUBJECT);
    await assertRefused(page, replayed, /kunne ikke godkendes/);
    assert.match(server.output(), /single sign-on refused.*the token endpoint said invalid_grant/);
  });

  it('an ID token for another client, for another login or expired is refused', { timeout: TEST_TIMEOUT }, async () => {
    const now = Math.floor(Date.now() / 1000);
    // Each refused for what it is (the server's log says why), not for a
    // bad signature: the provider signs each anew with its own key.
    const doctored = [
      ['another audience', (c) => ({ ...c, aud: 'other-app', azp: 'other-app' }), 'is meant for another client'],
      ['another nonce', (c) => ({ ...c, nonce: 'a-nonce-of-another-login' }), 'belongs to another login'],
      ['expired', (c) => ({ ...c, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 }), 'has expired'],
    ];
    for (const [what, change, why] of doctored) {
      const page = await open({ locale: 'da-DK' });
      provider.tamperNext(change);
      const response = await throughProvider(page, METTE_SUBJECT);
      await assertRefused(page, response, /kunne ikke godkendes/);
      assert.ok(server.output().includes(`the ID token ${why}`), `${what}: ${server.output().slice(-1500)}`);
      assert.deepEqual(page.problems, [], what);
    }
  });

  it('an identity removed from its account is refused, naming it for the administrator (Norwegian, on a phone)', { timeout: TEST_TIMEOUT }, async () => {
    const page = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    const base = server.baseUrl;
    assert.equal(await visit(page, base, '/login'), 200);
    assert.equal(await page.getByRole('link', { name: `Logg inn med ${PROVIDER_LABEL}` }).count(), 1);
    await assertNoSidewaysScroll(page, 'the login page');
    await screenshot(page, 'phone-login-sso-nb');
    await Promise.all([
      page.waitForURL(/\/interaction\//),
      page.getByRole('link', { name: `Logg inn med ${PROVIDER_LABEL}` }).click(),
    ]);
    await page.locator('input[name="login"]').fill('mette.supervisor');
    await page.locator('input[name="mfa"]').check();
    const answered = page.waitForResponse((r) => r.url().startsWith(`${base}/login/oidc/callback`));
    await page.locator('button.login-submit').click();
    const response = await answered;
    assert.equal(response.status(), 401);
    await page.waitForLoadState('load');
    assert.match(await text(page.locator('main p.error[role="alert"]')), /ikke knyttet til en konto i Rundt.*mette\.supervisor/);
    await checkAccessibility(page);
    await screenshot(page, 'phone-sso-not-linked-nb');
    assert.deepEqual(page.problems, []);
  });
});
