// What every browser test file needs around its tests: `rundt demo --serve`
// on a loopback port, one Chromium, and pages in contexts of their own that
// are closed when the file's tests are done.

import { before, after } from 'node:test';
import { startServer, launchBrowser } from './server.js';
import { openPage } from './pages.js';

export const HOOK_TIMEOUT = 180_000;
export const TEST_TIMEOUT = 180_000;

/**
 * Registers the hooks that start the server and the browser before the
 * enclosing `describe`'s tests and stop them after. Returns the suite:
 * `suite.server` (once started) and `suite.open(options)`, a fresh page as
 * `openPage` makes it, closed with the rest.
 */
export function serverAndBrowser() {
  const suite = { server: null, browser: null, contexts: [] };
  suite.open = async (options) => {
    const opened = await openPage(suite.browser, options);
    suite.contexts.push(opened.context);
    return opened;
  };
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  }, { timeout: HOOK_TIMEOUT });
  after(async () => {
    for (const c of suite.contexts) await c.close().catch(() => {});
    if (suite.browser) await suite.browser.close().catch(() => {});
    if (suite.server) await suite.server.stop();
  }, { timeout: 60_000 });
  return suite;
}
