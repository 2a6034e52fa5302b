// Money (issue 14). The demo's Aarhus manager opens "Økonomi": what Aarhus
// spent on MST this year against the placements avoided, with the
// assumptions beside the figure; the places Aarhus sells to Skanderborg;
// Aarhus's share of the licence fee. From a quarter's invoicing basis the
// manager downloads the XLSX (opened here and checked against the page)
// and Skanderborg's e-invoice (UBL, OIOUBL profile; its total equals the
// page's). The team's supervisor sees the team's economy; a therapist is
// refused the money pages; the caseworker sees on the referral form what a
// course costs Aarhus in each team. The Oslo manager's page is in Norwegian. Every
// page is checked with axe-core (WCAG 2.1 AA), the manager's on a phone too.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { unzipSync, strFromU8 } from 'fflate';
import { visit, screenshot, text, texts, assertNoSidewaysScroll, teamPath } from './lib/pages.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

/** Clicks a download link and returns the file's suggested name and bytes. */
async function download(page, link) {
  const [d] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(await d.failure(), null, `download of ${await link.getAttribute('href')}`);
  return { name: d.suggestedFilename(), body: await readFile(await d.path()) };
}

/** "185.000,00 DKK" as øre. */
function ore(shown) {
  const digits = shown.replace(/[^\d,]/g, '').replace(',', '');
  return Number(digits);
}

/** The quarters from this one back two years, newest first ("2026-Q4"). */
function recentQuarters(now = new Date()) {
  const out = [];
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  for (let i = 0; i < 8; i++) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) (q = 4), (year -= 1);
  }
  return out;
}

describe('Money', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();

  it('the Aarhus manager sees spending, places sold and the licence fee, and downloads the invoicing basis and the e-invoice', { timeout: 2 * TEST_TIMEOUT }, async () => {
    const base = suite.server.baseUrl;
    const { page } = await suite.openAs('aarhus.manager');
    assert.equal(await visit(page, base, '/'), 200);
    const nav = page.getByRole('link', { name: 'Økonomi' });
    assert.equal(await nav.getAttribute('href'), '/municipalities/0751/money');
    assert.equal(await visit(page, base, '/municipalities/0751/money'), 200);
    assert.equal(await text(page.locator('main h1')), 'Økonomi: Aarhus');
    assert.match(await text(page.locator('#spent')), /^\d{1,3}(\.\d{3})*,\d{2} DKK$/, 'spending in Danish notation');
    // Spending against the placements avoided, with its assumptions beside it.
    assert.match(await text(page.locator('#avoided-count')), /^\d+$/);
    const assumptions = await texts(page.locator('#assumptions li'));
    assert.ok(assumptions.some((a) => a.includes('1.150.000,00 DKK')), `the placement cost is stated: ${assumptions}`);
    assert.ok(assumptions.some((a) => a.includes('12 måneder')), 'the assumed months are stated');
    // Places Aarhus sells, in MST Aarhus, to Skanderborg, and buys, in
    // Aalborg's MST-CAN team.
    const sold = await texts(page.locator('#sold-table tbody tr'));
    assert.equal(sold.length, 1);
    assert.match(sold[0], /MST Aarhus Skanderborg 6 \d+ \d{3}\.\d{3},00 DKK/);
    const bought = await texts(page.locator('#bought-table tbody tr'));
    assert.equal(bought.length, 1);
    assert.match(bought[0], /^MST-CAN Nordjylland Aalborg 2 \d+ \d{3}\.\d{3},00 DKK/);
    // Aarhus owns MST Aarhus alone: the whole licence fee.
    assert.deepEqual(await texts(page.locator('#fees-table tbody tr')), ['MST Aarhus 100,0 % 299.000,00 DKK 299.000,00 DKK']);
    await screenshot(page, 'money-aarhus-manager');

    // A quarter in which Skanderborg started a course in MST Aarhus.
    let quarter = null;
    for (const q of recentQuarters()) {
      assert.equal(await visit(page, base, `/municipalities/0751/invoicing?period=${q}`), 200);
      if ((await page.locator('#invoice-0746-0751 .einvoice-link').count()) > 0) {
        quarter = q;
        break;
      }
    }
    assert.ok(quarter, 'a quarter of the last two years has an e-invoice to Skanderborg');
    const block = page.locator('#invoice-0746-0751');
    const total = ore(await text(block.locator(".invoice-total")));
    assert.ok(total > 0);
    const caseNumbers = (await texts(block.locator('tbody tr td:first-child'))).map(Number);
    assert.ok(caseNumbers.length > 0 && caseNumbers.every((n) => Number.isInteger(n)), 'lines by case number');
    // No names on the page: the demo's family names are not there.
    const body = await page.locator('main').innerText();
    for (const name of ['Jensen', 'Hansen', 'Pedersen', 'Larsen']) assert.ok(!body.includes(name), `no name (${name})`);

    // The XLSX: a summary sheet per buyer and a sheet of lines by case.
    const xlsx = await download(page, page.locator('#invoicing-xlsx'));
    assert.match(xlsx.name, /\.xlsx$/);
    const files = unzipSync(new Uint8Array(xlsx.body));
    const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    assert.equal(sheets.length, 2, 'two sheets');
    const shared = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    assert.ok(shared.includes('Skanderborg'), 'the buyer is named in the workbook');
    const summary = strFromU8(files['xl/worksheets/sheet1.xml']);
    const amounts = [...summary.matchAll(/<v>([\d.]+)<\/v>/g)].map((m) => Math.round(Number(m[1]) * 100));
    assert.ok(amounts.includes(total), `the workbook holds the page's total ${total} øre`);
    const lines = strFromU8(files['xl/worksheets/sheet2.xml']);
    for (const n of caseNumbers) assert.ok(lines.includes(`<v>${n}</v>`), `case ${n} is a line`);

    // The e-invoice to Skanderborg: UBL 2.1 with the OIOUBL profile.
    const xml = (await download(page, block.locator('.einvoice-link'))).body.toString('utf8');
    assert.match(xml, /<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
    assert.match(xml, /<cbc:DocumentCurrencyCode>DKK<\/cbc:DocumentCurrencyCode>/);
    assert.ok(xml.includes('Skanderborg Kommune') && xml.includes('Aarhus Kommune'), 'both parties');
    const payable = xml.match(/<cbc:PayableAmount currencyID="DKK">([\d.]+)<\/cbc:PayableAmount>/);
    assert.ok(payable, 'a payable amount');
    assert.equal(Math.round(Number(payable[1]) * 100), total, 'the e-invoice pays what the basis says');

    // On a phone, the money page fits the screen.
    const phone = await suite.openAs('aarhus.manager', { viewport: { width: 390, height: 844 }, isMobile: true });
    assert.equal(await visit(phone.page, base, '/municipalities/0751/money'), 200);
    await assertNoSidewaysScroll(phone.page, 'the money page');
    await screenshot(phone.page, 'money-aarhus-manager-phone');
  });

  it('the supervisor sees the team economy; a therapist is refused; Oslo reads it in Norwegian', { timeout: TEST_TIMEOUT }, async () => {
    const base = suite.server.baseUrl;
    const { page: mette } = await suite.openAs('mette.supervisor');
    const team = await teamPath(mette, base, 'MST Aarhus');
    assert.equal(await visit(mette, base, team), 200);
    await mette.locator('#team-money-link a').click();
    await mette.waitForLoadState('load');
    assert.equal(new URL(mette.url()).pathname, `${team}/money`);
    assert.equal(await text(mette.locator('main h1')), 'Økonomi: MST Aarhus');
    assert.equal(await mette.locator('#economy-table tbody tr').count(), 12, 'twelve months');
    assert.match(await text(mette.locator('#budget-total')), /DKK$/);
    assert.equal(await mette.locator('#price-form').count(), 0, 'the supervisor does not set prices');
    await screenshot(mette, 'money-team-supervisor');

    // The national office sets prices and sees every team and the fees.
    const { page: admin } = await suite.openAs('dk.admin');
    assert.equal(await visit(admin, base, '/money'), 200);
    assert.equal(await text(admin.locator('main h1')), 'Økonomi i MST-programmet');
    assert.equal(await admin.locator('#money-teams-table tbody tr').count(), 3, "Denmark's three teams");
    assert.match(await text(admin.locator('#licence-fee-table tbody tr').first()), /299\.000,00 DKK$/);
    assert.equal(await visit(admin, base, `${team}/money`), 200);
    assert.equal(await admin.locator('#price-form').count(), 1, 'the national office sets prices');

    // Before referring, Aarhus's caseworker sees what a course costs Aarhus
    // in each team: its own price, an agreement's, or the list price.
    const { page: caseworker } = await suite.openAs('aarhus.caseworker');
    assert.equal(await visit(caseworker, base, '/cases/new'), 200);
    const quotes = await texts(caseworker.locator('#referral-prices li'));
    const quote = (name) => quotes.find((q) => q.startsWith(`${name} (`)) ?? '';
    assert.match(quote('MST Aarhus'), /: \d{3}\.\d{3},00 DKK \(kommunens egen pris\)$/, quotes.join(' | '));
    assert.match(quote('MST-CAN Nordjylland'), /: \d{3}\.\d{3},00 DKK \(aftale\)$/);
    assert.match(quote('MST Vestegnen'), /\(ingen aftale: teamets listepris\)$/);

    const { page: jonas } = await suite.openAs('jonas.therapist');
    assert.equal(await visit(jonas, base, `${team}/money`), 403);
    assert.equal(await visit(jonas, base, '/municipalities/0751/money'), 403);
    assert.equal(await jonas.locator('#team-money-link').count(), 0);

    const { page: oslo } = await suite.openAs('oslo.manager', { locale: 'nb-NO' });
    assert.equal(await visit(oslo, base, '/municipalities/0301/money?lang=nb'), 200);
    assert.equal(await text(oslo.locator('main h1')), 'Økonomi: Oslo');
    assert.match(await text(oslo.locator('#spent')), /^\d{1,3}( \d{3})*,\d{2} NOK$/, 'spending in Norwegian notation');
    const sold = await texts(oslo.locator('#sold-table tbody tr'));
    assert.ok(sold.some((r) => r.includes('Bærum')), 'Oslo sells places to Bærum');
  });
});
