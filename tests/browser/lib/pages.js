// Small helpers for opening pages the way a visitor would.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './server.js';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A fresh browser context (own cookies) and page. `locale` sets the
 * browser's Accept-Language; `acceptLanguage` sends that header verbatim
 * instead (playwright lets a locale win over extraHTTPHeaders, so the two
 * are never combined). `storageState` starts the context with saved cookies
 * (a logged-in session, see lib/login.js). Console errors, uncaught page
 * errors and failed responses (other than the favicon, which Rundt does not
 * serve) are collected in page.problems.
 */
export async function openPage(
  browser,
  { locale = 'da-DK', acceptLanguage, viewport = DESKTOP, phone = false, storageState } = {},
) {
  const context = await browser.newContext({
    ...(storageState ? { storageState } : {}),
    ...(acceptLanguage ? {} : { locale }),
    viewport,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    ...(acceptLanguage ? { extraHTTPHeaders: { 'Accept-Language': acceptLanguage } } : {}),
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => {
    // A resource's failure is reported by URL below; this message has none.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      page.problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    const url = new URL(res.url());
    // Not-found pages are tested on purpose; their status is checked there.
    if (res.status() >= 400 && res.request().resourceType() !== 'document' && url.pathname !== '/favicon.ico') {
      page.problems.push(`response: ${res.status()} ${url.pathname}`);
    }
  });
  page.on('requestfailed', (req) => page.problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  return { context, page };
}

/** Goes to `path` and returns the HTTP status of the document. */
export async function visit(page, baseUrl, path) {
  const response = await page.goto(baseUrl + path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  return response.status();
}

/**
 * Clicks a button that submits a form and waits until the page the browser
 * ends on (after any redirects) has loaded. Returns that document's status.
 */
export async function submit(page, button) {
  let last = null;
  const onResponse = (res) => {
    if (res.request().resourceType() === 'document' && res.frame() === page.mainFrame()) last = res;
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), button.click()]);
  } finally {
    page.off('response', onResponse);
  }
  if (!last) throw new Error(`no document response after clicking ${button}`);
  return last.status();
}

/** The path and query of the page's URL. */
export function pathOf(page) {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Text with every run of white space (including no-break spaces) as one space. */
export const squash = (t) => t.replace(/\s+/g, ' ').trim();

/** Whitespace-collapsed text of one element. */
export async function text(locator) {
  return squash(await locator.innerText());
}

/** Trimmed, whitespace-collapsed text of every match. */
export async function texts(locator) {
  return (await locator.allInnerTexts()).map(squash);
}

/** The team card on the front page with this team name. */
export function card(page, teamName) {
  return page.locator('li.card').filter({ has: page.getByRole('link', { name: teamName, exact: true }) });
}

/** The path of a team's page, as linked from the list of teams. */
export async function teamPath(page, baseUrl, teamName) {
  await visit(page, baseUrl, '/teams');
  const href = await page.getByRole('link', { name: teamName, exact: true }).getAttribute('href');
  if (!href || !/^\/teams\/\d+$/.test(href)) throw new Error(`unexpected link for ${teamName}: ${href}`);
  return href;
}
