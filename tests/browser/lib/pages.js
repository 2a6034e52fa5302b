// Small helpers for opening pages the way a visitor would.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './server.js';

/** axe-core, from npm, injected into every page a test visits. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.1 A and AA: what Danish and Norwegian public-sector web must meet. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now and adds each WCAG 2.1 A/AA
 * violation to page.problems (the tests assert that list is empty), naming
 * the rule, the page and the first elements it found.
 */
export async function checkAccessibility(page) {
  const path = pathOf(page);
  // Evaluated through the DevTools protocol, so the page's CSP (no inline
  // script) does not stop the injection.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))),
    WCAG_TAGS,
  );
  for (const v of violations) {
    page.problems.push(`axe ${path}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.join(', ')}`);
  }
  return violations;
}

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
  if ((response.headers()['content-type'] || '').startsWith('text/html')) await checkAccessibility(page);
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
  if ((last.headers()['content-type'] || '').startsWith('text/html')) await checkAccessibility(page);
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

/**
 * Asserts the page fits its screen's width (no sideways scrolling). On a
 * phone (isMobile) the browser widens window.innerWidth to a page that is
 * too wide, so the page is measured against the layout viewport
 * (documentElement.clientWidth) as well. (`{ screen: true }`, which some
 * tests pass, asked for this when it was not yet the default.)
 */
export async function assertNoSidewaysScroll(page, what, _options = {}) {
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    screen: Math.min(window.innerWidth, document.documentElement.clientWidth),
  }));
  assert.ok(w.scroll <= w.screen, `${what} is ${w.scroll}px wide on a ${w.screen}px screen`);
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
