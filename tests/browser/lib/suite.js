// What every browser test file needs around its tests: `rundt demo --serve`
// on a loopback port, one Chromium, and pages in contexts of their own that
// are closed when the file's tests are done.

import { before, after } from 'node:test';
import { startServer, launchBrowser } from './server.js';
import { openPage } from './pages.js';
import { login, sessionState, forgetSteps } from './login.js';

export const HOOK_TIMEOUT = 180_000;
export const TEST_TIMEOUT = 180_000;

/**
 * Registers the hooks that start the server and the browser before the
 * enclosing `describe`'s tests and stop them after. Returns the suite:
 * `suite.server` (once started), `suite.open(options)`, a fresh page as
 * `openPage` makes it (`{ page, context }`), closed with the rest, and
 * `suite.openAs(username, options)`, the same signed in as a demo user
 * (one login per user and server, its session reused). `suite.sessionOf(
 * username)` is that session (logging in if need be), for a context made
 * some other way; such a context, pushed to `suite.contexts`, is closed
 * with the rest.
 */
export function serverAndBrowser({ testClock = false } = {}) {
  const suite = { server: null, browser: null, contexts: [] };
  suite.open = async (options) => {
    const opened = await openPage(suite.browser, options);
    suite.contexts.push(opened.context);
    return opened;
  };
  // One login per demo user for this server: later pages of the same user
  // start a fresh context with that session's cookie.
  const sessions = new Map();
  suite.sessionOf = async (username) => {
    if (!sessions.has(username)) {
      const { page, context } = await suite.open({ locale: 'da-DK' });
      await login(page, suite.server.baseUrl, username);
      if (page.problems.length > 0) {
        throw new Error(`problems while ${username} logged in: ${page.problems.join('; ')}`);
      }
      sessions.set(username, await sessionState(context));
    }
    return sessions.get(username);
  };
  suite.openAs = async (username, options = {}) =>
    suite.open({ locale: 'da-DK', ...options, storageState: await suite.sessionOf(username) });
  before(async () => {
    suite.server = await startServer({ testClock });
    suite.browser = await launchBrowser();
  }, { timeout: HOOK_TIMEOUT });
  after(async () => {
    for (const c of suite.contexts) await c.close().catch(() => {});
    if (suite.browser) await suite.browser.close().catch(() => {});
    if (suite.server) {
      await suite.server.stop();
      forgetSteps(suite.server.baseUrl);
    }
  }, { timeout: 60_000 });
  return suite;
}
