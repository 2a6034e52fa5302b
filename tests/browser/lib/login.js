// Logging in as a demo user the way a person does: the password form, then
// the code from the authenticator app (computed here with lib/totp.js).
//
// Rundt accepts each code only once per account: a login must use a time
// step later than that account's last one. Tests therefore log in as a
// different demo user where they can; when the same user logs in again on
// the same server within 30 s, freshCode() waits for the next step.

import assert from 'node:assert/strict';
import { totp, timeStep } from './totp.js';
import { serverNow } from './clock.js';
import { visit, submit, pathOf, text } from './pages.js';

export const DEMO_PASSWORD = 'rundt-demo-2026';
/** Every demo account is enrolled with this authenticator secret. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const STEP_SECONDS = 30;

/** The login page's heading in Danish, Norwegian and English. */
export const LOGIN_HEADINGS = ['Log ind', 'Logg inn', 'Log in'];

/** Last time step used per server and account, as the server sees it. */
const usedSteps = new Map();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A code for `username` on the server at `baseUrl` that the server has not
 * seen yet: the current step's, or, if this process already used that step
 * (or a later one) for the account, the next step's once it has begun.
 */
export async function freshCode(baseUrl, username, secret = DEMO_TOTP_SECRET) {
  const key = `${baseUrl} ${username}`;
  const used = usedSteps.get(key);
  let step = timeStep(serverNow(baseUrl) / 1000, STEP_SECONDS);
  if (used !== undefined && step <= used) {
    // Wait until step `used + 1` has begun (plus a little for clock jitter).
    const startsAt = (used + 1) * STEP_SECONDS * 1000;
    await sleep(Math.max(0, startsAt - serverNow(baseUrl)) + 250);
    step = timeStep(serverNow(baseUrl) / 1000, STEP_SECONDS);
  }
  usedSteps.set(key, step);
  return totp(secret, { step });
}

/** Forget the steps used on a server (when it is stopped). */
export function forgetSteps(baseUrl) {
  for (const key of usedSteps.keys()) if (key.startsWith(`${baseUrl} `)) usedSteps.delete(key);
}

/**
 * Step one: fills in the password form on the page the browser is on (it
 * must be the login page) and submits it. Returns the status of the page
 * the browser ends on.
 */
export async function submitPassword(page, username, password = DEMO_PASSWORD) {
  const form = page.locator('main form').filter({ has: page.locator('input[name="password"]') });
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  return submit(page, form.locator('button[type="submit"]'));
}

/**
 * Step two: types a fresh authenticator code on the second-factor page and
 * submits it. Returns the status of the page the browser ends on.
 */
export async function submitCode(page, baseUrl, username) {
  const form = page.locator('main form').filter({ has: page.locator('input[name="code"]') });
  await form.locator('input[name="code"]').fill(await freshCode(baseUrl, username));
  return submit(page, form.locator('button[type="submit"]'));
}

/** The text of the page's error message, for assertion messages. */
async function errorText(page) {
  const error = page.locator('p.error[role="alert"]');
  return (await error.count()) ? await text(error.first()) : '(no error message on the page)';
}

/**
 * Logs `username` in through both steps, starting at /login (with
 * ?next=`next` if given), and asserts that the browser lands on `next`
 * (default "/") logged in: the header shows who is logged in and a
 * log-out button. Returns the text of `span.who`.
 */
export async function login(page, baseUrl, username, { password = DEMO_PASSWORD, next } = {}) {
  const start = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
  assert.equal(await visit(page, baseUrl, start), 200, `GET ${start}`);
  assert.ok(LOGIN_HEADINGS.includes(await text(page.locator('main h1'))), `login page heading on ${start}`);

  const passwordStatus = await submitPassword(page, username, password);
  assert.equal(
    new URL(page.url()).pathname,
    '/login/second-factor',
    `after the password step ${username} is at ${pathOf(page)} (status ${passwordStatus}): ${await errorText(page)}`,
  );
  assert.equal(passwordStatus, 200, 'status of the second-factor page');

  const codeStatus = await submitCode(page, baseUrl, username);
  // Without `next`, the start page: '/', or for a municipal manager their
  // results, where '/' sends them.
  const landing = next || '/';
  const landed = next ? pathOf(page) === next : pathOf(page) === '/' || pathOf(page).startsWith('/results/');
  assert.ok(
    landed,
    `after the code step ${username} is at ${pathOf(page)}, not ${landing} (status ${codeStatus}): ${await errorText(page)}`,
  );
  assert.ok(codeStatus < 400, `status ${codeStatus} of ${landing} after login`);
  await assertLoggedIn(page);
  return text(page.locator('header span.who'));
}

/**
 * Asserts that the browser is on the login page (a logged-out visitor's
 * destination), asked to return to `next` afterwards.
 */
export async function assertAtLoginPage(page, next) {
  const url = new URL(page.url());
  assert.equal(url.pathname, '/login', `${pathOf(page)} is the login page`);
  assert.equal(url.searchParams.get('next'), next, `${pathOf(page)} leads back to ${next}`);
  assert.ok(LOGIN_HEADINGS.includes(await text(page.locator('main h1'))), `login heading on ${pathOf(page)}`);
  assert.equal(await page.locator('main input[name="username"]').count(), 1, 'username field');
  assert.equal(await page.locator('main input[name="password"][type="password"]').count(), 1, 'password field');
  assert.equal(await page.locator('header nav.main, header form.logout').count(), 0, 'no navigation for a visitor');
}

/** The header of a logged-in page: who, the main navigation and log out. */
export async function assertLoggedIn(page) {
  assert.equal(await page.locator('header nav.main').count(), 1, `main navigation on ${pathOf(page)}`);
  assert.equal(await page.locator('header span.who').count(), 1, `who is logged in on ${pathOf(page)}`);
  assert.equal(await page.locator('header form.logout').count(), 1, `log-out button on ${pathOf(page)}`);
}

/**
 * The context's cookies and storage for reuse in other contexts (so one
 * login serves several tests), without the remembered language: a test
 * chooses its language by the browser's locale or ?lang=.
 */
export async function sessionState(context) {
  const state = await context.storageState();
  return { ...state, cookies: state.cookies.filter((c) => c.name !== 'lang') };
}
