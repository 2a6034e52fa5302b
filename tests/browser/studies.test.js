// Starting a team (issue 16). Aarhus and Skanderborg make a joint
// feasibility study: Aarhus's manager fills in the potential with its
// sources, the shares expected to be referred and a barrier; a negative
// count and a share over 100 % are refused with clear messages and nothing
// is stored; the study then shows three scenarios side by side with a chart
// and the staffing ramp; the council report is downloaded as PDF and its
// text read back; the national office comments; both managers approve and
// the team appears with its two owners. MST Vestegnen, started from its
// study in the demo, shows its plan against what happened. Every page is
// checked with axe-core (WCAG 2.1 AA); the study also on a phone.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, submit, screenshot, text, texts, pathOf, assertNoSidewaysScroll, teamPath, PHONE } from './lib/pages.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';
import { pdfText } from './lib/pdf.js';

describe('Starting a team', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();

  it('two municipalities study a joint team, compare scenarios, print the council report, approve it, and the team appears; a team from a study shows its plan against actual', { timeout: 3 * TEST_TIMEOUT }, async () => {
    const base = suite.server.baseUrl;

    // ------------------------------------------------ Aarhus starts a joint study
    const { page: aarhus } = await suite.openAs('aarhus.manager');
    assert.equal(await visit(aarhus, base, '/studies'), 200);
    const first = aarhus.locator('#new-study-form');
    await first.locator('#partner-1').selectOption('0746');
    await first.locator('select[name="programme_model"]').selectOption('MST');
    assert.equal(await submit(aarhus, first.getByRole('button', { name: 'Videre: udfyld undersøgelsen' })), 200);
    assert.match(pathOf(aarhus), /^\/studies\/new\?/);
    const form = aarhus.locator('#study-form');
    await form.locator('input[name="title"]').fill('Forundersøgelse: MST Østjylland');
    await form.locator('input[name="team_name"]').fill('MST Østjylland');
    // Rows 0–2 are Aarhus's three measures, 3–5 Skanderborg's.
    const counts = ['180', '120', '70', '60', '45', '20'];
    for (const [i, count] of counts.entries()) {
      await form.locator(`input[name="potential[${i}].count"]`).fill(count);
      await form.locator(`input[name="potential[${i}].source"]`).fill(i < 3 ? 'Aarhus Kommune, Familieafdelingen 2025' : 'Skanderborg Kommune, Børn og Unge 2025');
    }
    const shares = { offences_or_at_risk: ['3', '5', '8'], school_dropout: ['2', '3', '5'], placed_out_of_home: ['8', '12', '16'] };
    for (const [measure, [low, expected, high]] of Object.entries(shares)) {
      await form.locator(`input[name="shares.${measure}.low"]`).fill(low);
      await form.locator(`input[name="shares.${measure}.expected"]`).fill(expected);
      await form.locator(`input[name="shares.${measure}.high"]`).fill(high);
    }
    await form.locator('input[name="barriers[0].text"]').fill('Behandlingskulturen i familieafdelingerne');
    await form.locator('input[name="barriers[0].owner"]').fill('Familiechef, Aarhus');
    await form.locator('textarea[name="barriers[0].note"]').fill('Temadag med MST Danmark i foråret.');
    assert.match(await form.locator('input[name="placement_months"]').inputValue(), /^\d+$/);

    // Bad input first: a negative count and a share over 100 %. The
    // browser itself stops a negative count (min="0"); the server's own
    // check is what is tested, so the form skips the browser's.
    await form.evaluate((f) => { f.noValidate = true; });
    await form.locator('input[name="potential[1].count"]').fill('-5');
    await form.locator('input[name="shares.placed_out_of_home.high"]').fill('120');
    assert.equal(await submit(aarhus, form.getByRole('button', { name: 'Gem undersøgelsen' })), 422);
    const refusal = await text(aarhus.locator('main .error'));
    assert.match(refusal, /negativ/i, 'the negative count is named');
    assert.match(refusal, /100 %/, 'the share over 100 % is named');
    await screenshot(aarhus, 'study-refused');
    const again = aarhus.locator('#study-form');
    assert.equal(await again.locator('input[name="title"]').inputValue(), 'Forundersøgelse: MST Østjylland', 'what was typed is kept');
    await again.locator('input[name="potential[1].count"]').fill('120');
    await again.locator('input[name="shares.placed_out_of_home.high"]').fill('16');
    assert.equal(await submit(aarhus, again.getByRole('button', { name: 'Gem undersøgelsen' })), 200);
    const studyPath = pathOf(aarhus);
    assert.match(studyPath, /^\/studies\/\d+$/);
    const studyId = studyPath.split('/').pop();

    // ------------------------------------------------ three scenarios side by side
    const head = await texts(aarhus.locator('#scenario-table thead th'));
    assert.deepEqual(head.slice(1), ['Lav', 'Forventet', 'Høj']);
    const breakEven = await texts(aarhus.locator('#break-even-row td'));
    assert.equal(breakEven.length, 3);
    for (const b of breakEven) assert.match(b, /^(i år \d+|ikke inden for \d+ år)$/);
    assert.equal(await aarhus.locator('#study-chart svg').count(), 1, 'the chart is drawn');
    const ramp = await texts(aarhus.locator('#ramp-changes tbody tr td:nth-child(2)'));
    for (const t of ramp) assert.ok(Number(t) >= 2 && Number(t) <= 4, `the ramp plans 2 to 4 therapists, not ${t}`);
    assert.match(await text(aarhus.locator('#study-owners')), /Aarhus.*Skanderborg/s);
    const parts = await texts(aarhus.locator('#parts-table tbody th'));
    assert.deepEqual(parts, ['Aarhus', 'Skanderborg'], 'each municipality\'s part of the joint team');
    assert.match(await text(aarhus.locator('#assumption-table')), /Socialstyrelsen/, 'the start-up costs carry their source');
    await screenshot(aarhus, 'study-scenarios');

    // ------------------------------------------------ the council report
    const res = await aarhus.context().request.get(`${base}/studies/${studyId}/report.pdf`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const report = pdfText(await res.body()).replace(/\s+/g, ' ');
    assert.match(report, /Forundersøgelse: MST Østjylland/);
    assert.match(report, /Aarhus/);
    assert.match(report, /Skanderborg/);
    assert.match(report, /Aarhus Kommune, Familieafdelingen 2025/, 'each figure is printed with its source');
    assert.match(report, /Forventet/);
    assert.match(report, /Behandlingskulturen i familieafdelingerne/);
    const xlsx = await aarhus.context().request.get(`${base}/studies/${studyId}/numbers.xlsx`);
    assert.equal(xlsx.status(), 200);
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');

    // ------------------------------------------------ the national office comments
    const { page: office } = await suite.openAs('dk.admin');
    assert.equal(await visit(office, base, '/studies'), 200);
    assert.ok((await texts(office.locator('#studies tbody th'))).includes('Forundersøgelse: MST Østjylland'));
    assert.equal(await visit(office, base, studyPath), 200);
    assert.equal(await office.locator('#approve-form').count(), 0, 'the office does not approve');
    assert.equal(await office.locator('#study-edit').count(), 0, 'nor change the study');
    await office.locator('#comment-form textarea').fill('Husk at regne licensen efter ejerandel.');
    assert.equal(await submit(office, office.getByRole('button', { name: 'Tilføj kommentar' })), 200);
    assert.match(await text(office.locator('#comment-list')), /Husk at regne licensen efter ejerandel/);

    // ------------------------------------------------ both approve; the team appears
    assert.equal(await visit(aarhus, base, studyPath), 200);
    assert.match(await text(aarhus.locator('#comment-list')), /Birgitte Nørgaard/);
    assert.equal(await submit(aarhus, aarhus.getByRole('button', { name: /^Godkend for Aarhus/ })), 200);
    assert.match(await text(aarhus.locator('#study-owners')), /Aarhus.*godkendt/s);
    assert.equal(await aarhus.locator('#study-team').count(), 0, 'no team before the last approval');

    const { page: skanderborg } = await suite.openAs('skanderborg.manager');
    assert.equal(await visit(skanderborg, base, studyPath), 200);
    assert.equal(await submit(skanderborg, skanderborg.getByRole('button', { name: /^Godkend for Skanderborg/ })), 200);
    assert.match(await text(skanderborg.locator('#study-status')), /Godkendt, team oprettet/);
    const newTeam = await skanderborg.locator('#study-team').getAttribute('href');
    assert.match(newTeam, /^\/teams\/\d+$/);
    assert.equal(await visit(skanderborg, base, newTeam), 200);
    const teamPage = await text(skanderborg.locator('main'));
    assert.match(teamPage, /MST Østjylland/);
    assert.match(teamPage, /Aarhus/);
    assert.match(teamPage, /Skanderborg/);
    assert.equal(await visit(skanderborg, base, `${newTeam}/plan`), 200);
    assert.match(await text(skanderborg.locator('main')), /Forundersøgelse: MST Østjylland/);
    assert.equal(await visit(skanderborg, base, `${studyPath}/edit`), 422, 'an approved study has no more versions');
    assert.match(await text(skanderborg.locator('main')), /får ikke flere versioner/);

    // ------------------------------------------------ on a phone
    const phone = await suite.openAs('aarhus.manager', { viewport: PHONE, isMobile: true });
    assert.equal(await visit(phone.page, base, studyPath), 200);
    await assertNoSidewaysScroll(phone.page, 'the study on a phone');
    await screenshot(phone.page, 'study-phone');

    // ------------------------------------------------ a team started from a study, later
    const { page: hvidovre } = await suite.openAs('hvidovre.manager');
    const vestegnen = await teamPath(hvidovre, base, 'MST Vestegnen');
    assert.equal(await visit(hvidovre, base, vestegnen), 200);
    assert.equal(await submit(hvidovre, hvidovre.locator('#team-plan-link a')), 200);
    assert.equal(pathOf(hvidovre), `${vestegnen}/plan`);
    assert.match(await text(hvidovre.locator('#plan-source')), /Vestegnen/);
    const rows = hvidovre.locator('#plan-against-actual tbody tr');
    assert.ok((await rows.count()) >= 12, 'a year and more of months');
    const referred = (await texts(rows.locator('td:nth-child(3)'))).map(Number);
    assert.ok(referred.some((n) => n > 0), 'the demo\'s referrals are counted');
    const inPost = (await texts(rows.locator('td:nth-child(7)'))).map((t) => Number(t.replace(/\D/g, '')));
    assert.ok(inPost.some((n) => n >= 1), 'the therapists in post are counted');
    // The demo's Vestegnen has one therapist where the plan has at least
    // two: the months it is short are marked.
    assert.ok((await rows.locator('td:nth-child(7) .badge.warn').count()) > 0, 'a month short of the plan is marked');
    await screenshot(hvidovre, 'team-plan-against-actual');
    for (const p of [aarhus, office, skanderborg, hvidovre]) assert.deepEqual(p.problems, []);
  });
});
