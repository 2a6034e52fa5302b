import { startServer, launchBrowser } from './lib/server.js';
import { openPage } from './lib/pages.js';
import { login } from './lib/login.js';
const server = await startServer(); const browser = await launchBrowser();
try {
  const { page, context } = await openPage(browser, {});
  await login(page, server.baseUrl, 'peter.therapist', { next: '/account' });
  const cookie = (await context.cookies()).find(c => c.name === 'rundt_session');
  const csrf = await page.locator('header form.logout input[name=csrf_token]').inputValue();
  const host = new URL(server.baseUrl).host;
  for (const origin of [server.baseUrl, 'null', undefined]) {
    const headers = { cookie: `rundt_session=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' };
    if (origin) headers.origin = origin;
    headers['sec-fetch-site'] = 'same-origin';
    const r = await fetch(server.baseUrl + '/account/tokens', { method: 'POST', headers, body: `csrf_token=${encodeURIComponent(csrf)}&name=t${Math.random()}`, redirect: 'manual' });
    console.log('origin', origin, '->', r.status, (await r.text()).slice(0, 150).replace(/\s+/g, ' '));
  }
} finally { await browser.close(); await server.stop(); }
