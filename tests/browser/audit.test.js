// The auditor's tools (issue 10): the audit log newest first with names and
// local times, narrowed to one account and to break-glass steps, a child's
// access log found by CPR number (Denmark) or fødselsnummer (Norway), the
// break-glass accesses to review, and a person's copy of their data (GDPR
// art. 15) downloaded as PDF and JSON, on a desktop and on a phone.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { visit, screenshot, submit, pathOf, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { login, sessionState } from './lib/login.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

/**
 * The events of the audit page's table, top to bottom: sequence number,
 * when (as shown), who, what and the person's id.
 */
async function events(page) {
  return page.locator('main table.audit tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = (i) => tr.cells[i];
      const meta = cell(0).querySelector('.meta')?.textContent ?? '';
      return {
        seq: Number(meta.replace('#', '')),
        when: [...cell(0).querySelectorAll('.date')].map((s) => s.textContent).join(' '),
        who: cell(1).childNodes[0].textContent.trim(),
        action: cell(2).querySelector('.action').textContent,
        purpose: cell(2).querySelector('.purpose')?.textContent ?? null,
        person: cell(3).querySelector('a')?.textContent ?? '',
      };
    }),
  );
}

/**
 * Asserts the rows are newest first: in the order the log holds them (its
 * sequence numbers, falling), and, with `inTime`, their times falling too.
 * (The demo enters its history through back-dated clocks, so across the
 * whole log the log's order and the times of back-dated events differ;
 * for what people did today they agree.)
 */
function assertNewestFirst(rows, what, { inTime = true } = {}) {
  assert.ok(rows.length > 0, `${what}: events are listed`);
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i - 1].seq > rows[i].seq, `${what}: #${rows[i - 1].seq} above #${rows[i].seq}`);
    if (inTime) assert.ok(rows[i - 1].when >= rows[i].when, `${what}: ${rows[i - 1].when} above ${rows[i].when}`);
  }
  for (const r of rows) assert.match(r.when, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
}

/**
 * Clicks a button whose answer is a download, and returns the file's
 * suggested name and its bytes.
 */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  // The browser ends the navigation that became a download as "aborted":
  // that is the download, not a failure.
  const ended = `requestfailed: ${file.url()} net::ERR_ABORTED`;
  page.problems = page.problems.filter((p) => p !== ended);
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** The young people the demo printed to look up, by country. */
function lookupExamples(output) {
  const found = {};
  for (const m of output.matchAll(/^ {2}(DK|NO) (.+?) +(\S+)$/gm)) found[m[1]] ??= { name: m[2], nationalId: m[3] };
  return found;
}

describe('The auditor reads the audit log', { timeout: 10 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const open = (options) => suite.open(options);

  it('the Danish auditor narrows the log to one account and to break-glass, and finds a child by CPR number', { timeout: TEST_TIMEOUT }, async () => {
    const examples = lookupExamples(suite.server.output());
    assert.deepEqual(examples.DK, { name: 'Mikkel Andersen', nationalId: '150311-4107' }, suite.server.output());

    const { page, context } = await open({ locale: 'da-DK' });
    await login(page, suite.server.baseUrl, 'dk.auditor', { next: '/audit' });
    assert.deepEqual(await texts(page.locator('main h1')), ['Revisionslog']);
    assert.match(await text(page.locator('main p.ok')), /^✓ Kæden er intakt \(\d+ hændelser\)$/);
    assert.equal(await text(page.locator('main .meta').filter({ hasText: 'Datoer' })), 'Datoer og tidspunkter er i Europe/Copenhagen.');
    const all = await events(page);
    assertNewestFirst(all, 'the whole log', { inTime: false });
    assert.equal(all.length, 50, 'a page of fifty');
    // The newest event is the auditor's own login.
    assert.equal(all[0].who, 'Jens Mikkelsen (DPO)');
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'desktop-audit');

    // Older events keep coming, below the last one shown.
    const older = page.locator('main nav.pager a[rel="next"]');
    assert.equal(await text(older), 'Ældre hændelser →');
    assert.equal(await submit(page, older), 200);
    const next = await events(page);
    assertNewestFirst(next, 'the second page', { inTime: false });
    assert.ok(next[0].seq < all[49].seq, 'the next page is older');
    assert.equal(await page.locator('main p.ok').count(), 0, 'the chain is checked on the first page');

    // Narrowed to Jonas: only what he did, newest first.
    await visit(page, suite.server.baseUrl, '/audit');
    const filter = page.locator('main form.audit-filter');
    await filter.getByLabel('Hvem (bruger)').selectOption({ label: 'Jonas Holm (jonas.therapist)' });
    assert.equal(await submit(page, filter.getByRole('button', { name: 'Vis hændelser' })), 200);
    assert.match(pathOf(page), /^\/audit\?person=&user=\d+&action=&case=&from=&to=$/);
    const jonas = await events(page);
    assertNewestFirst(jonas, "Jonas's events");
    for (const e of jonas) assert.equal(e.who, 'Jonas Holm', JSON.stringify(e));
    assert.ok(jonas.some((e) => e.action === 'case.read'), 'he opened his family');
    assert.equal(
      await filter.getByLabel('Hvem (bruger)').locator('option:checked').textContent(),
      'Jonas Holm (jonas.therapist)',
      'the filter shows what it narrows by',
    );
    assert.deepEqual(page.problems, []);

    // Every break-glass step in Denmark: Ahmed's access to Freja's family
    // and his read of each person in it, with his reason.
    await filter.getByLabel('Hvem (bruger)').selectOption('');
    await filter.getByLabel('Handling').selectOption({ label: 'Nødadgang (alle trin)' });
    assert.equal(await submit(page, filter.getByRole('button', { name: 'Vis hændelser' })), 200);
    const glass = await events(page);
    assertNewestFirst(glass, 'break-glass');
    assert.ok(glass.some((e) => e.action === 'case.break_glass' && e.who === 'Ahmed Hussein'), JSON.stringify(glass));
    const reads = glass.filter((e) => e.action === 'case.read.break_glass' && e.who === 'Ahmed Hussein');
    assert.ok(reads.length >= 2, `a read per person: ${JSON.stringify(glass)}`);
    for (const r of reads) assert.match(r.purpose, /^break-glass: Freja ringede til vagttelefonen/);

    // The break-glass accesses to review are one link away.
    await visit(page, suite.server.baseUrl, '/audit');
    assert.equal(await submit(page, page.getByRole('link', { name: 'Nødadgange til gennemgang' })), 200);
    assert.equal(pathOf(page), '/break-glass');
    assert.deepEqual(await texts(page.locator('main h1')), ['Nødadgange til gennemgang']);
    assert.ok((await page.locator('main table tbody tr').count()) >= 1, 'the demo has one to review');
    assert.deepEqual(page.problems, []);

    // Mikkel's access log, found by his CPR number.
    await visit(page, suite.server.baseUrl, '/audit');
    const lookup = page.locator('main form[action="/audit/person"]');
    await lookup.getByLabel('CPR-nummer').fill(examples.DK.nationalId);
    assert.equal(await submit(page, lookup.getByRole('button', { name: 'Find' })), 200);
    assert.match(pathOf(page), /^\/audit\?person=\d+$/);
    const personId = pathOf(page).split('=')[1];
    assert.equal(await text(page.locator('main h2#events-h')), `Hændelser om person-id ${personId}, nyeste først`);
    const about = await events(page);
    assertNewestFirst(about, "Mikkel's events");
    assert.equal(about[0].action, 'person.lookup', 'the look-up itself is the newest');
    assert.equal(about[0].who, 'Jens Mikkelsen (DPO)');
    for (const e of about) assert.equal(e.person, personId);
    assert.ok(about.some((e) => e.action === 'case.read' && e.who === 'Jonas Holm'), 'his therapist opened the family');
    assert.ok(about.some((e) => e.action === 'case.read' && e.who === 'Mette Kjærgaard'), 'so did the supervisor');
    assert.doesNotMatch(await text(page.locator('main')), /\d{6}-?\d{4}/, 'no full CPR number on the page');
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'desktop-audit-person');

    // A number of nobody in Rundt is said so.
    await lookup.getByLabel('CPR-nummer').fill('010190-1234');
    assert.equal(await submit(page, lookup.getByRole('button', { name: 'Find' })), 422);
    assert.equal(await text(page.locator('main #lookup-error')), 'Der er ingen person med dette personnummer i Rundt.');

    // Mikkel's copy of his data (GDPR art. 15), from the log narrowed to
    // him and from his CPR number: a PDF and a JSON file, named without it.
    assert.equal(await visit(page, suite.server.baseUrl, `/audit?person=${personId}`), 200);
    const his = page.locator('main form.subject-copy-of');
    const pdf = await download(page, his.getByRole('button', { name: 'Denne persons kopi (PDF)' }));
    assert.equal(pdf.name, `subject-copy-person-${personId}-${new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' })}.pdf`);
    assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
    await visit(page, suite.server.baseUrl, '/audit');
    const copyForm = page.locator('main form.subject-copy');
    assert.equal(await text(page.locator('main h2#copy-h')), 'En persons kopi af sine oplysninger (GDPR art. 15)');
    await copyForm.getByLabel('CPR-nummer').fill(examples.DK.nationalId);
    const json = await download(page, copyForm.getByRole('button', { name: 'Hent som JSON' }));
    assert.match(json.name, /^subject-copy-person-\d+-\d{4}-\d{2}-\d{2}\.json$/);
    const copy = JSON.parse(json.bytes.toString());
    assert.equal(`${copy.person.given_name} ${copy.person.family_name}`, 'Mikkel Andersen');
    assert.equal(copy.person.national_id, examples.DK.nationalId);
    assert.ok(copy.cases.length >= 1 && copy.cases[0].role === 'young_person', JSON.stringify(copy.cases));
    assert.ok(copy.access_log.some((e) => e.action === 'case.read' && e.who === 'Jonas Holm'), 'who read his data');
    // A number of nobody is said beside the form, which stays on the page.
    await copyForm.getByLabel('CPR-nummer').fill('010190-1234');
    assert.equal(await submit(page, copyForm.getByRole('button', { name: 'Hent som PDF' })), 422);
    assert.equal(await text(page.locator('main #copy-error')), 'Der er ingen person med dette personnummer i Rundt.');
    assert.equal(await copyForm.getByLabel('CPR-nummer').getAttribute('aria-invalid'), 'true');
    // Keyboard users see where they are: from the number, Tab reaches the
    // PDF button, which is outlined.
    await copyForm.getByLabel('CPR-nummer').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { value: el.getAttribute('value'), outline: getComputedStyle(el).outlineStyle };
    });
    assert.deepEqual(focused, { value: 'pdf', outline: focused.outline });
    assert.notEqual(focused.outline, 'none', 'the focused button is outlined');
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'desktop-audit-subject-copy');

    // The same page on a phone: nothing wider than the screen.
    const phone = await open({ locale: 'da-DK', viewport: PHONE, phone: true, storageState: await sessionState(context) });
    assert.equal(await visit(phone.page, suite.server.baseUrl, `/audit?person=${personId}`), 200);
    await assertNoSidewaysScroll(phone.page, 'the audit log narrowed to Mikkel');
    await screenshot(phone.page, 'phone-audit-person');
    assert.equal(await visit(phone.page, suite.server.baseUrl, '/audit'), 200);
    await assertNoSidewaysScroll(phone.page, 'the audit log');
    await screenshot(phone.page, 'phone-audit');
    const phoneCopy = phone.page.locator('main form.subject-copy');
    await phoneCopy.getByLabel('CPR-nummer').fill(examples.DK.nationalId);
    const onPhone = await download(phone.page, phoneCopy.getByRole('button', { name: 'Hent som PDF' }));
    assert.equal(onPhone.bytes.subarray(0, 5).toString(), '%PDF-', 'the copy downloads on a phone too');
    assert.deepEqual(phone.page.problems, []);
  });

  it('the Norwegian auditor finds a child by fødselsnummer on a phone', { timeout: TEST_TIMEOUT }, async () => {
    const examples = lookupExamples(suite.server.output());
    assert.equal(examples.NO?.name, 'Sander Olsen', suite.server.output());
    assert.match(examples.NO.nationalId, /^\d{11}$/);

    const { page } = await open({ locale: 'nb-NO', viewport: PHONE, phone: true });
    await login(page, suite.server.baseUrl, 'no.auditor', { next: '/audit' });
    assert.deepEqual(await texts(page.locator('main h1')), ['Revisjonslogg']);
    await assertNoSidewaysScroll(page, 'the Norwegian audit log');
    const lookup = page.locator('main form[action="/audit/person"]');
    // A Danish CPR number is not a fødselsnummer.
    await lookup.getByLabel('Fødselsnummer eller D-nummer').fill('150311-4107');
    assert.equal(await submit(page, lookup.getByRole('button', { name: 'Finn' })), 422);
    assert.match(await text(page.locator('main #lookup-error')), /fødselsnummer/i);

    await lookup.getByLabel('Fødselsnummer eller D-nummer').fill(examples.NO.nationalId);
    assert.equal(await submit(page, lookup.getByRole('button', { name: 'Finn' })), 200);
    const personId = pathOf(page).split('=')[1];
    assert.equal(await text(page.locator('main h2#events-h')), `Hendelser om person-id ${personId}, nyeste først`);
    const about = await events(page);
    assertNewestFirst(about, "Sander's events");
    assert.equal(about[0].who, 'Torunn Aas (personvernombud)');
    const glass = about.filter((e) => e.action === 'case.read.break_glass');
    assert.equal(glass.length, 1, JSON.stringify(about));
    assert.equal(glass[0].who, 'Erik Haugen');
    assert.match(glass[0].purpose, /^break-glass: Mor ringte vakttelefonen/);
    // Times on the Norwegian clock.
    assert.equal(await text(page.locator('main .meta').filter({ hasText: 'Datoer' })), 'Datoer og klokkeslett er i Europe/Oslo.');
    await assertNoSidewaysScroll(page, "Sander's events");
    assert.deepEqual(page.problems, []);
    await screenshot(page, 'phone-audit-no');
  });
});
