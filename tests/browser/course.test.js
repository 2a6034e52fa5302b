// A family's course through Rundt in a real browser: the municipal
// caseworker refers, the team's supervisor accepts and assigns a therapist,
// the therapist assesses, writes weekly summaries (on a phone), gets the
// supervisor's recommendations, discharges and downloads the report; the
// follow-ups after discharge. Also: the supervisor's view of missing weekly
// summaries, and a referral that fails screening.
//
// Each demo user logs in once on this server (password and authenticator
// code); later steps of the same user reuse that session in a fresh context.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { visit, submit, screenshot, pathOf, text, texts, PHONE, assertNoSidewaysScroll } from './lib/pages.js';
import { serverAndBrowser } from './lib/suite.js';

const TEST_TIMEOUT = 240_000;

/** Rows of a table as arrays of whitespace-collapsed cell texts. */
async function rows(table) {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/** The beginning of the page's text, for assertion messages. */
async function bodyStart(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 600);
}

/** Dates as the pages write them (YYYY-MM-DD), computed in UTC. */
// A day as Rundt counts it: on the Danish and Norwegian clock, not UTC's.
const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const parseDay = (s) => new Date(`${s}T00:00:00Z`);
const addDays = (s, n) => iso(new Date(parseDay(s).getTime() + n * 86_400_000));
/** Monday of the week of a YYYY-MM-DD day. */
const mondayOf = (s) => addDays(s, -((parseDay(s).getUTCDay() + 6) % 7));
/** The same day `n` months later (clamped to the month's end, like chrono). */
function addMonths(s, n) {
  const d = parseDay(s);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return iso(target);
}

/** The field with this exact name attribute. */
const field = (scope, name) => scope.locator(`[name="${name}"]`);

/** The family's status badge. */
const statusOf = (page) => text(page.locator('#case-status'));

/** The young person's name on a family page (the "Personer" table). */
async function youngPerson(page) {
  const people = await rows(page.getByRole('region', { name: 'Personer' }).locator('table'));
  return people.find((r) => r[1] === 'Den unge')?.[0];
}

describe("A family's course", { timeout: 20 * 60_000 }, () => {
  const suite = serverAndBrowser();
  // One login per demo user for this server; later pages of the same user
  // start a fresh context with that session's cookie.
  const openAs = async (username, options) => (await suite.openAs(username, options)).page;

  /** The hrefs of the family links on /cases (optionally ?status=). */
  async function familyLinks(page, status) {
    assert.equal(await visit(page, suite.server.baseUrl, status ? `/cases?status=${status}` : '/cases'), 200);
    return page.locator('main table a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  }

  /** The href of the family whose young person is `name`, among `hrefs`. */
  async function findFamily(page, hrefs, name) {
    for (const href of hrefs) {
      assert.equal(await visit(page, suite.server.baseUrl, href), 200, `GET ${href}`);
      if ((await youngPerson(page)) === name) return href;
    }
    assert.fail(`${name}'s family is not among ${hrefs}`);
  }

  it('a family is walked from referral to follow-up by the caseworker, the supervisor and the therapist', { timeout: TEST_TIMEOUT }, async () => {
    // ---------------------------------------------------------------- referral
    const caseworker = await openAs('aarhus.caseworker');
    assert.equal(await visit(caseworker, suite.server.baseUrl, '/cases'), 200);
    const referLink = caseworker.locator('main').getByRole('link', { name: 'Henvis familie' });
    assert.equal(await referLink.getAttribute('href'), '/cases/new');
    assert.equal(await submit(caseworker, referLink), 200);
    assert.equal(pathOf(caseworker), '/cases/new');
    assert.deepEqual(await texts(caseworker.locator('main h1')), ['Henvis familie']);

    // A young person of 14 (born 14 years and 3 months ago), from the browser's clock.
    const now = new Date();
    const birth = iso(new Date(Date.UTC(now.getUTCFullYear() - 14, now.getUTCMonth() - 3, 10)));
    const consentOn = iso(new Date(now.getTime() - 3 * 86_400_000));
    const form = caseworker.locator('main form').filter({ has: caseworker.getByRole('button', { name: 'Send henvisning' }) });
    await field(form, 'team_id').selectOption({ label: 'MST Aarhus (MST)' });
    await field(form, 'young_person.given_name').fill('Villads');
    await field(form, 'young_person.family_name').fill('Kjeldsen');
    await field(form, 'young_person.birth_date').fill(birth);
    await field(form, 'caregivers[0].given_name').fill('Karen');
    await field(form, 'caregivers[0].family_name').fill('Kjeldsen');
    await field(form, 'caregivers[0].birth_date').fill('1984-02-03');
    await field(form, 'referral.behaviours[0].behaviour').fill('Skolevægring');
    await field(form, 'referral.behaviours[0].frequency').fill('4 dage om ugen');
    await field(form, 'referral.behaviours[0].intensity').fill('bliver i sengen og råber ad forældrene');
    await field(form, 'referral.behaviours[0].duration').fill('3 måneder');
    assert.match(await field(form, 'referral.legal_basis').inputValue(), /Barnets Lov/, 'the Danish legal basis is suggested');
    await field(form, 'referral.consent.given_by').fill('Karen Kjeldsen');
    await field(form, 'referral.consent.given_on').fill(consentOn);
    await field(form, 'referral.school').fill('Skåde Skole');
    await field(form, 'referral.placement_considered').selectOption({ label: 'Døgninstitution' });
    assert.equal(await field(form, 'referral.contact.name').inputValue(), 'Louise Winther', 'her name from her account');
    assert.equal(await field(form, 'referral.contact.email').inputValue(), 'aarhus.caseworker@demo.rundt.invalid', 'her e-mail from her account');
    await field(form, 'referral.contact.phone').fill('+45 89 40 20 00');
    const referred = await submit(caseworker, form.getByRole('button', { name: 'Send henvisning' }));
    assert.equal(referred, 200, `POST /cases/new ended at ${pathOf(caseworker)} with ${referred}: ${await bodyStart(caseworker)}`);
    // The receipt: the referral number, when it arrived on the Danish clock,
    // the team and the day the team acknowledges it by.
    assert.match(pathOf(caseworker), /^\/cases\/\d+\/receipt$/, 'the receipt');
    assert.deepEqual(await texts(caseworker.locator('main h1')), ['Henvisningen er modtaget']);
    const receipt = await text(caseworker.locator('#receipt'));
    assert.match(receipt, /Henvisningsnummer \d+/, receipt);
    assert.match(receipt, /Modtaget \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Europe\/Copenhagen\)/, receipt);
    assert.match(receipt, /MST Aarhus/, receipt);
    assert.match(receipt, /Teamet kvitterer senest \d{4}-\d{2}-\d{2} \(3 arbejdsdage\)/, receipt);
    assert.equal(await submit(caseworker, caseworker.locator('main').getByRole('link', { name: 'Gå til familiens side' })), 200);
    assert.match(pathOf(caseworker), /^\/cases\/\d+$/, 'the new family page');
    const familyPath = pathOf(caseworker);
    const caseId = Number(familyPath.split('/').pop());
    assert.deepEqual(await texts(caseworker.locator('main h1')), [`Familie ${caseId}`]);
    assert.equal(await statusOf(caseworker), 'Henvist');
    assert.deepEqual(await texts(caseworker.locator('#screening p.ok')), ['✓ Familien opfylder programmets kriterier.']);
    const people = await rows(caseworker.getByRole('region', { name: 'Personer' }).locator('table'));
    assert.deepEqual(people.map((r) => r.slice(0, 3)), [
      ['Villads Kjeldsen', 'Den unge', birth],
      ['Karen Kjeldsen', 'Omsorgsperson', '1984-02-03'],
    ]);
    const referral = caseworker.getByRole('region', { name: 'Henvisning' });
    assert.deepEqual(await rows(referral.locator('table')), [
      ['Skolevægring', '4 dage om ugen', 'bliver i sengen og råber ad forældrene', '3 måneder'],
    ]);
    assert.match(await text(referral.locator('dl.facts')), new RegExp(`Samtykke Karen Kjeldsen, ${consentOn}`));
    assert.match(await text(referral.locator('dl.facts')), /Skole Skåde Skole/);
    assert.match(await text(referral.locator('dl.facts')), /Anbringelse, der overvejes Døgninstitution/);
    assert.match(await text(caseworker.locator('#acknowledgement')), /Afventer kvittering senest \d{4}-\d{2}-\d{2}/);
    assert.equal(await caseworker.locator('#accept-form, #assign-form, #decline-form, #acknowledge-form').count(), 0, 'the caseworker decides nothing');
    assert.equal(await caseworker.locator('#withdraw-form, #add-information-form').count(), 2, 'she may still withdraw or add');
    assert.deepEqual(caseworker.problems, []);
    // The caseworker's list has it, with the municipality's name.
    await familyLinks(caseworker);
    // The young person is named, with the age; the number follows.
    const listed = (await rows(caseworker.locator('main table'))).find((r) => r[0].endsWith(`#${caseId}`));
    assert.match(listed?.[0] ?? '', new RegExp(`^Villads Kjeldsen, 14 år #${caseId}$`));
    assert.deepEqual(listed?.slice(1, 4), ['Henvist', 'Aarhus', 'MST Aarhus']);
    // She finds the family again by typing part of the name, the Danish way or not.
    await caseworker.locator('main form.filter').getByLabel('Find en familie').fill('kjeld vil');
    assert.equal(await submit(caseworker, caseworker.locator('main form.filter').getByRole('button', { name: 'Søg' })), 200);
    assert.deepEqual(await caseworker.locator('main table a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [familyPath]);
    assert.match(await text(caseworker.locator('main p[role="status"]')), /^1 familie fundet$/);

    // ---------------------------------------------------------------- accept and assign
    const mette = await openAs('mette.supervisor');
    assert.equal(await visit(mette, suite.server.baseUrl, familyPath), 200);
    const accept = mette.locator('#accept-form');
    assert.deepEqual(await texts(accept.locator('h3')), ['Optag familien på ventelisten']);
    const acceptVersion = accept.locator('input[name="version"]');
    assert.equal(await acceptVersion.getAttribute('type'), 'hidden', 'the version travels as a hidden field');
    const versionBefore = Number(await acceptVersion.inputValue());
    assert.ok(Number.isInteger(versionBefore) && versionBefore > 0, `version ${versionBefore}`);
    assert.equal(await accept.locator('textarea[name="override_reason"]').count(), 0, 'no override needed when eligible');
    assert.equal(await submit(mette, accept.getByRole('button', { name: 'Optag familien på ventelisten' })), 200);
    assert.equal(pathOf(mette), familyPath);
    assert.equal(await statusOf(mette), 'På venteliste');
    assert.ok((await texts(mette.locator('ol.history li'))).some((h) => h.includes('Henvist → På venteliste')), 'the history shows the acceptance');

    const assign = mette.locator('#assign-form');
    assert.deepEqual(await texts(assign.locator('h3')), ['Tildel terapeut']);
    const assignVersion = Number(await assign.locator('input[type="hidden"][name="version"]').inputValue());
    assert.ok(assignVersion > versionBefore, `the version moved on (${versionBefore} → ${assignVersion})`);
    // Every therapist of the team, with their caseload.
    const options = (await texts(assign.locator('select[name="therapist_id"] option'))).slice(1);
    assert.equal(options.length, 3, `the team's three therapists: ${options}`);
    for (const o of options) assert.match(o, /^.+ · (1 familie|\d+ familier) · (plads til flere|ved normen|over normen|over maksimum)$/);
    const sofieOption = options.find((o) => o.startsWith('Sofie Lund Madsen · '));
    assert.equal(sofieOption, 'Sofie Lund Madsen · 1 familie · plads til flere');
    const today = await assign.locator('input[name="start"]').inputValue();
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'treatment starts today by default');
    await assign.locator('select[name="therapist_id"]').selectOption({ label: sofieOption });
    const assigned = await submit(mette, assign.getByRole('button', { name: 'Tildel terapeut' }));
    assert.equal(assigned, 200, `assign ended at ${pathOf(mette)}: ${await bodyStart(mette)}`);
    assert.equal(pathOf(mette), familyPath);
    assert.equal(await statusOf(mette), 'I behandling');
    const facts = await text(mette.locator('main > dl.facts'));
    assert.match(facts, /Terapeut Sofie Lund Madsen/);
    assert.match(facts, new RegExp(`Behandlingsstart ${today}`));
    assert.deepEqual(mette.problems, []);

    // ---------------------------------------------------------------- assessment
    const sofie = await openAs('sofie.therapist');
    const hers = await familyLinks(sofie, 'in_treatment');
    assert.ok(hers.includes(familyPath), `sofie now has the family: ${hers}`);
    assert.equal(hers.length, 2, 'Freja and the new family are the ones in treatment');
    assert.equal(await visit(sofie, suite.server.baseUrl, familyPath), 200);
    const actions = sofie.getByRole('region', { name: 'Næste skridt' });
    assert.deepEqual(await texts(actions.locator('p.buttons a')), ['Skriv ugeopsummering', 'Udredning', 'Udskriv familien']);
    assert.equal(await submit(sofie, actions.getByRole('link', { name: 'Udredning' })), 200);
    assert.equal(pathOf(sofie), `${familyPath}/assessment`);
    assert.deepEqual(await texts(sofie.locator('main h1')), ['Udredning']);
    const assessment = sofie.locator('main form');
    const systems = ['Den unge selv', 'Familien', 'Venner', 'Skole', 'Nærmiljø'];
    assert.deepEqual((await texts(assessment.locator('fieldset > legend'))).slice(0, 5), systems);
    for (const [i, system] of systems.entries()) {
      await field(assessment, `systems[${i}].strengths`).fill(`styrke i ${system.toLowerCase()}`);
      await field(assessment, `systems[${i}].needs`).fill(`behov i ${system.toLowerCase()}`);
    }
    await field(assessment, 'key_participants[0].name').fill('Karen Kjeldsen');
    await field(assessment, 'key_participants[0].relation').fill('mor');
    await field(assessment, 'key_participants[0].desired_outcome').fill('at Villads kommer op om morgenen');
    const goal = 'Villads går i skole hver dag';
    const measure = '5 af 5 dage i 4 uger i træk (skolens fraværsregistrering)';
    await field(assessment, 'overarching_goals[0].goal').fill(goal);
    await field(assessment, 'overarching_goals[0].measure').fill(measure);
    const saved = await submit(sofie, assessment.getByRole('button', { name: 'Gem' }));
    assert.equal(saved, 200, `assessment ended at ${pathOf(sofie)}: ${await bodyStart(sofie)}`);
    assert.equal(pathOf(sofie), familyPath);
    const shown = sofie.getByRole('region', { name: 'Udredning' });
    assert.deepEqual(await rows(shown.locator('table')), systems.map((s) => [s, `styrke i ${s.toLowerCase()}`, `behov i ${s.toLowerCase()}`]));
    assert.deepEqual(await texts(shown.locator('h3 + ul li')), ['Karen Kjeldsen (mor): at Villads kommer op om morgenen']);
    assert.deepEqual(await texts(shown.locator('ol li')), [`${goal} – Målt ved: ${measure}`]);
    assert.deepEqual(sofie.problems, []);

    // ---------------------------------------------------------------- weekly summary, on a phone
    const phone = await openAs('sofie.therapist', { viewport: PHONE, phone: true });
    assert.equal(await visit(phone, suite.server.baseUrl, familyPath), 200);
    await Promise.all([
      phone.waitForURL(`**${familyPath}/weekly-summaries/new`),
      phone.getByRole('region', { name: 'Næste skridt' }).getByRole('link', { name: 'Skriv ugeopsummering' }).tap(),
    ]);
    assert.deepEqual(await texts(phone.locator('main h1')), ['Skriv ugeopsummering']);
    const summary = phone.locator('main form');
    const weekField = field(summary, 'week_start');
    const serverToday = await weekField.getAttribute('max');
    assert.equal(serverToday, today, 'the form knows today');
    const monday = mondayOf(today);
    await weekField.fill(monday);
    const contacts = [
      { date: monday, minutes: '90', mode: 'face_to_face', with: 'Karen, Villads', place: 'hjemmet' },
      { date: today, minutes: '20', mode: 'phone', with: 'klasselærer', place: 'telefon' },
    ];
    for (const [i, c] of contacts.entries()) {
      await field(summary, `contacts[${i}].date`).fill(c.date);
      await field(summary, `contacts[${i}].minutes`).fill(c.minutes);
      await field(summary, `contacts[${i}].mode`).selectOption(c.mode);
      await field(summary, `contacts[${i}].with`).fill(c.with);
      await field(summary, `contacts[${i}].place`).fill(c.place);
    }
    await field(summary, 'advances').fill('Villads kom i skole mandag og onsdag');
    await field(summary, 'barriers').fill('mor arbejder tidligt');
    assert.equal(await field(summary, 'overarching_progress[0].goal').inputValue(), goal, "the assessment's goal is filled in");
    await field(summary, 'overarching_progress[0].attainment').selectOption('partly');
    const nextGoal = 'Villads står op kl. 7 tre morgener';
    await field(summary, 'next_week_goals[0]').fill(nextGoal);
    await assertNoSidewaysScroll(phone, 'the weekly summary form');
    // Every field fits the screen.
    const overflowing = await summary.locator('input:not([type="hidden"]), select, textarea').evaluateAll((els) =>
      els.filter((e) => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).map((e) => e.name),
    );
    assert.deepEqual(overflowing, [], 'fields beyond the screen edge');
    await screenshot(phone, 'phone-weekly-summary-form');
    // The family's page confirms the week (which ends the draft on the phone).
    await Promise.all([phone.waitForURL(new RegExp(`${familyPath}\\?summary_saved=${monday}#summaries$`)), summary.getByRole('button', { name: 'Gem' }).tap()]);
    assert.equal(pathOf(phone), `${familyPath}?summary_saved=${monday}`);
    const week = phone.locator('#summaries details.summary').first();
    assert.equal(await week.getAttribute('open'), '', 'the newest week is open');
    assert.equal(await text(week.locator('summary')), `Uge fra ${monday} · 2 kontakter · 110 minutter`);
    assert.deepEqual(await rows(week.locator('table')), [
      [monday, '90', 'Karen, Villads', 'hjemmet', 'Fremmøde'],
      [today, '20', 'klasselærer', 'telefon', 'Telefon'],
    ]);
    assert.ok((await texts(week.locator('li'))).includes(nextGoal), 'the goal for next week');
    assert.ok((await texts(week.locator('li'))).includes(`${goal}: Delvist opfyldt`), 'progress on the overarching goal');
    await assertNoSidewaysScroll(phone, 'the family page');
    await screenshot(phone, 'phone-family');
    assert.deepEqual(phone.problems, []);

    // ---------------------------------------------------------------- supervision
    assert.equal(await visit(mette, suite.server.baseUrl, familyPath), 200);
    await Promise.all([mette.waitForURL(/\/teams\/\d+$/), mette.locator('main dl.facts').getByRole('link', { name: 'MST Aarhus' }).click()]);
    const teamPath = pathOf(mette);
    const capacity = mette.getByRole('region', { name: 'Kapacitet' });
    assert.deepEqual(await texts(capacity.locator('dt')), [
      'Familier i behandling',
      'Ledige pladser i dag',
      'Familier på venteliste',
      'Henvisninger, der ikke er besluttet',
    ]);
    // The therapists' loads (after the waiting list, when families wait).
    const loadTable = capacity.locator('table').last();
    assert.deepEqual(await texts(loadTable.locator('thead th')), ['Terapeut', 'Familier', 'Belastning', 'Forventet afslutning']);
    const loads = await rows(loadTable);
    const sofieLoad = loads.find((r) => r[0] === 'Sofie Lund Madsen');
    assert.deepEqual(sofieLoad?.slice(0, 3), ['Sofie Lund Madsen', '2', 'plads til flere'], `Sofie's load among ${JSON.stringify(loads)}`);

    const supervision = mette.getByRole('region', { name: 'Registrér supervision' });
    assert.equal(await field(supervision, 'held_on').inputValue(), today);
    const recommendation = 'Lav en morgenplan sammen med Karen og skolen';
    // The agenda names the family's young person and therapist above the field.
    const item = supervision.locator(`#agenda-${caseId}`);
    assert.match(await text(item.locator('h3')), /^Villads Kjeldsen · Sofie Lund Madsen/);
    const recField = item.getByLabel(`Anbefaling for familie ${caseId}`);
    assert.equal(await recField.getAttribute('name'), `rec[${caseId}]`);
    await recField.fill(recommendation);
    const recorded = await submit(mette, supervision.getByRole('button', { name: 'Registrér supervision' }));
    assert.equal(recorded, 200, `supervision ended at ${pathOf(mette)}: ${await bodyStart(mette)}`);
    assert.equal(pathOf(mette), `${teamPath}?recorded=1`);
    assert.deepEqual(await texts(mette.locator('main p.notice[role="status"]')), [
      'Supervisionen er registreret; anbefalingerne står på familiernes sider.',
    ]);
    assert.deepEqual(mette.problems, []);

    // The team's capacity on a phone.
    const mettePhone = await openAs('mette.supervisor', { viewport: PHONE, phone: true });
    assert.equal(await visit(mettePhone, suite.server.baseUrl, teamPath), 200);
    await mettePhone.locator('#capacity').scrollIntoViewIfNeeded();
    await assertNoSidewaysScroll(mettePhone, 'the team page with capacity');
    await screenshot(mettePhone, 'phone-team-capacity');
    // A referral still awaiting acknowledgement, on her phone: the deadline
    // wraps, and a therapist with room is offered to start at once.
    assert.equal(await visit(mettePhone, suite.server.baseUrl, '/cases?show=referred'), 200);
    await assertNoSidewaysScroll(mettePhone, 'the family list on a phone');
    const awaitingRow = mettePhone.locator('main table tbody tr').filter({ hasText: 'Afventer kvittering' }).first();
    assert.equal(await submit(mettePhone, awaitingRow.locator('a').first()), 200);
    await assertNoSidewaysScroll(mettePhone, 'a referral awaiting acknowledgement');
    assert.equal(await mettePhone.getByRole('button', { name: 'Optag og start behandlingen' }).count(), 1, 'start now with a therapist who has room');
    await screenshot(mettePhone, 'phone-referral-start-now');

    assert.equal(await visit(sofie, suite.server.baseUrl, familyPath), 200);
    const recs = sofie.getByRole('region', { name: 'Anbefalinger fra supervision' });
    assert.deepEqual(await texts(recs.locator('li')), [`${today} · Supervision: ${recommendation}`]);

    // ---------------------------------------------------------------- discharge and report
    assert.equal(await submit(sofie, sofie.getByRole('region', { name: 'Næste skridt' }).getByRole('link', { name: 'Udskriv familien' })), 200);
    assert.equal(pathOf(sofie), `${familyPath}/discharge`);
    assert.deepEqual(await texts(sofie.locator('main h1')), ['Udskriv familien']);
    const discharge = sofie.locator('main form');
    assert.equal(await field(discharge, 'date').inputValue(), today);
    assert.equal(await field(discharge, 'reason').inputValue(), 'completed');
    // One rating per overarching goal of the assessment.
    const ratings = discharge.locator('select[name^="goals["]');
    assert.equal(await ratings.count(), 1);
    assert.equal(await discharge.getByLabel(goal).getAttribute('name'), 'goals[0].result');
    await discharge.getByLabel(goal).selectOption({ label: 'Delvist opfyldt' });
    const evaluation = 'Villads går i skole fire af fem dage; familien har en morgenrutine, der holder.';
    await field(discharge, 'clinical_evaluation').fill(evaluation);
    await discharge.getByLabel('Bor hjemme').check();
    await discharge.getByLabel('I skole eller arbejde').check();
    const discharged = await submit(sofie, discharge.getByRole('button', { name: 'Udskriv familien' }));
    assert.equal(discharged, 200, `discharge ended at ${pathOf(sofie)}: ${await bodyStart(sofie)}`);
    assert.equal(pathOf(sofie), familyPath);
    assert.equal(await statusOf(sofie), 'Udskrevet');
    const dischargeSection = sofie.getByRole('region', { name: 'Udskrivning' });
    assert.match(await text(dischargeSection.locator('dl.facts')), new RegExp(`^Udskrevet ${today} Årsag til afslutning Behandling gennemført Behandlingsdage 0$`));
    assert.deepEqual(await texts(dischargeSection.locator('p.prose')), [evaluation]);
    assert.deepEqual(await texts(dischargeSection.locator('ul li')), [
      `${goal}: Delvist opfyldt`,
      'Bor hjemme: ja',
      'I skole eller arbejde: ja',
      'Ingen nye sigtelser: nej',
    ]);
    // No follow-up yet: the first is due in six months.
    assert.deepEqual(await texts(sofie.getByRole('region', { name: 'Opfølgning' }).locator('p')), ['Ingen opfølgninger endnu.']);
    assert.equal(await sofie.getByRole('link', { name: 'Registrér opfølgning' }).count(), 0, 'no follow-up link before it is due');

    const reportLink = dischargeSection.getByRole('link', { name: 'Hent udskrivningsrapport (PDF)' });
    const reportHref = await reportLink.getAttribute('href');
    assert.equal(reportHref, `/api/v1/cases/${caseId}/discharge-report.pdf?lang=da`);
    const [download] = await Promise.all([sofie.waitForEvent('download'), reportLink.click()]);
    assert.equal(download.suggestedFilename(), `discharge-report-${caseId}.pdf`);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
    assert.ok(pdf.length > 1000, `a PDF of ${pdf.length} bytes`);
    // The same address, with the browser's cookies: its type and body.
    const res = await sofie.context().request.get(suite.server.baseUrl + reportHref);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/);
    assert.equal((await res.body()).subarray(0, 4).toString('latin1'), '%PDF');

    // ---------------------------------------------------------------- follow-ups
    // A follow-up is offered from 30 days before it is due (6, 12 and 18
    // months after discharge). In real time no demo family is due: Yusuf
    // was discharged 20 days ago, Emil's course is closed after all three.
    const followUpDue = (dischargedOn) =>
      [6, 12, 18].map((m) => addDays(addMonths(dischargedOn, m), -30));
    const ended = [...(await familyLinks(mette, 'discharged')), ...(await familyLinks(mette, 'closed'))];
    assert.ok(ended.includes(familyPath), 'the new family is among the discharged ones');
    const seen = new Map();
    for (const href of ended) {
      assert.equal(await visit(mette, suite.server.baseUrl, href), 200);
      const name = await youngPerson(mette);
      const dischargedOn = await text(mette.getByRole('region', { name: 'Udskrivning' }).locator('dl.facts dd').first());
      const done = (await texts(mette.locator('#follow-ups h3'))).map((h) => Number(h.split(' ')[0]));
      const open = [6, 12, 18].filter((m) => !done.includes(m));
      const due = open.some((m) => followUpDue(dischargedOn)[[6, 12, 18].indexOf(m)] <= today);
      const link = mette.getByRole('link', { name: 'Registrér opfølgning' });
      assert.equal(await link.count(), due ? 1 : 0, `${name} (discharged ${dischargedOn}, done ${done}): a follow-up link only when one is due`);
      seen.set(name, { href, dischargedOn, done });
    }
    assert.equal(seen.get('Yusuf Demir')?.dischargedOn, addDays(today, -20), 'Yusuf was discharged 20 days ago');
    assert.deepEqual(seen.get('Yusuf Demir').done, []);
    assert.deepEqual(seen.get('Villads Kjeldsen')?.done, []);

    // Emil's closed course shows all three follow-ups, each with its outcomes.
    const emil = seen.get('Emil Sørensen');
    assert.ok(emil, `Emil among ${[...seen.keys()]}`);
    assert.equal(await visit(mette, suite.server.baseUrl, emil.href), 200);
    assert.equal(await statusOf(mette), 'Afsluttet');
    const followUps = mette.getByRole('region', { name: 'Opfølgning' });
    const headings = await texts(followUps.locator('h3'));
    assert.deepEqual(headings.map((h) => h.replace(/ · .*/, '')), ['6 måneder', '12 måneder', '18 måneder']);
    for (const [i, m] of [6, 12, 18].entries()) {
      assert.equal(headings[i], `${m} måneder · ${addMonths(emil.dischargedOn, m)}`, `the ${m}-month follow-up on its due date`);
    }
    assert.equal(await followUps.locator('ul.plain').count(), 3);
    for (const list of await followUps.locator('ul.plain').all()) {
      assert.match(await text(list), /^Bor hjemme: (ja|nej) I skole eller arbejde: (ja|nej) Ingen nye sigtelser: (ja|nej)$/);
    }
    assert.equal(await mette.getByRole('link', { name: 'Registrér opfølgning' }).count(), 0);

    // Yusuf's 6-month follow-up is not due: the form, opened by its address,
    // refuses one made today.
    assert.equal(await visit(mette, suite.server.baseUrl, `${seen.get('Yusuf Demir').href}/follow-up`), 200);
    assert.deepEqual(await texts(mette.locator('main h1')), ['Registrér opfølgning']);
    const fu = mette.locator('main form');
    assert.deepEqual(await texts(field(fu, 'months').locator('option')), ['6 måneder', '12 måneder', '18 måneder']);
    assert.equal(await field(fu, 'date').inputValue(), today);
    const early = await submit(mette, fu.getByRole('button', { name: 'Registrér opfølgning' }));
    assert.equal(early, 422, `an early follow-up is refused: ${await bodyStart(mette)}`);
    // The message names the day the follow-up is due, next to the date field.
    const due6 = addMonths(seen.get('Yusuf Demir').dischargedOn, 6);
    assert.ok((await text(mette.locator('main div.error[role="alert"]'))).includes(due6), `the error names ${due6}`);
    assert.ok((await texts(fu.locator('label').filter({ has: field(mette, 'date') }).locator('span.field-error'))).some((e) => e.includes(due6)));
    assert.equal(await visit(mette, suite.server.baseUrl, seen.get('Yusuf Demir').href), 200);
    assert.deepEqual(await texts(mette.locator('#follow-ups p')), ['Ingen opfølgninger endnu.']);
  });

  it('the supervisor sees which families lack last week\'s summary', { timeout: TEST_TIMEOUT }, async () => {
    const mette = await openAs('mette.supervisor');
    assert.equal(await visit(mette, suite.server.baseUrl, '/cases'), 200);
    const flagged = async (page) =>
      page.locator('main table tbody tr').filter({ has: page.locator('span.badge.warn') }).evaluateAll((trs) =>
        // The summary flag only (a supervisor also sees when a TAM-R is due).
        trs.map((tr) => [tr.cells[0].querySelector('a').getAttribute('href'), tr.cells[1].textContent.replace(/\s+/g, ' ').replace(/ ⏰.*$/, '').trim()]),
      );
    const before = await flagged(mette);
    assert.equal(before.length, 1, `one family lacks last week's summary: ${JSON.stringify(before)}`);
    assert.equal(before[0][1], 'I behandling ⚠ Ugeopsummering mangler');
    const mikkelPath = before[0][0];
    // The filter for families in treatment keeps the flag.
    await mette.locator('main form.filter select[name="show"]').selectOption('in_treatment');
    assert.equal(await submit(mette, mette.locator('main form.filter').getByRole('button', { name: 'Søg' })), 200);
    assert.equal(pathOf(mette), '/cases?q=&show=in_treatment');
    const inTreatment = await rows(mette.locator('main table'));
    assert.ok(inTreatment.length >= 2 && inTreatment.every((r) => r[1].startsWith('I behandling')), JSON.stringify(inTreatment));
    assert.deepEqual(await flagged(mette), before);

    assert.equal(await visit(mette, suite.server.baseUrl, mikkelPath), 200);
    assert.equal(await youngPerson(mette), 'Mikkel Andersen');
    const flag = mette.locator('main p.flag.overdue[role="alert"]');
    const m = /^⚠ Ugeopsummeringen for ugen fra (\d{4}-\d{2}-\d{2}) mangler\./.exec(await text(flag));
    assert.ok(m, `the missing week on Mikkel's page: ${await text(flag)}`);
    const lastWeek = m[1];
    assert.equal(mondayOf(lastWeek), lastWeek, 'a Monday');

    // Jonas writes it from the link in the warning.
    const jonas = await openAs('jonas.therapist');
    const his = await familyLinks(jonas);
    assert.ok(his.includes(mikkelPath), `Jonas has Mikkel among ${his}`);
    assert.deepEqual(await flagged(jonas), before, 'Jonas sees the flag on his list too');
    assert.equal(await visit(jonas, suite.server.baseUrl, mikkelPath), 200);
    const write = jonas.locator('main p.flag.overdue').getByRole('link', { name: 'Skriv ugeopsummering' });
    assert.equal(await submit(jonas, write), 200);
    assert.equal(pathOf(jonas), `${mikkelPath}/weekly-summaries/new`);
    const form = jonas.locator('main form');
    assert.equal(await field(form, 'week_start').inputValue(), lastWeek, 'the missing week is filled in');
    const today = await field(form, 'week_start').getAttribute('max');
    assert.equal(lastWeek, addDays(mondayOf(today), -7), 'the missing week is last week');
    await field(form, 'contacts[0].date').fill(addDays(lastWeek, 2));
    await field(form, 'contacts[0].minutes').fill('75');
    await field(form, 'contacts[0].with').fill('Lone, Mikkel');
    await field(form, 'contacts[0].place').fill('hjemmet');
    await field(form, 'next_week_goals[0]').fill('Mikkel møder til matematik');
    const saved = await submit(jonas, form.getByRole('button', { name: 'Gem' }));
    assert.equal(saved, 200, `the summary ended at ${pathOf(jonas)}: ${await bodyStart(jonas)}`);
    assert.equal(pathOf(jonas), `${mikkelPath}?summary_saved=${lastWeek}`);
    assert.equal(await jonas.locator('main p.flag.overdue').count(), 0, 'the warning is gone');
    assert.equal(await text(jonas.locator('#summaries details.summary summary').first()), `Uge fra ${lastWeek} · 1 kontakter · 75 minutter`);
    assert.deepEqual(jonas.problems, []);

    // Mette's list and Mikkel's page no longer flag it.
    assert.equal(await visit(mette, suite.server.baseUrl, '/cases'), 200);
    assert.deepEqual(await flagged(mette), []);
    assert.equal(await mette.locator('main span.badge.warn').count(), 0);
    assert.equal(await visit(mette, suite.server.baseUrl, mikkelPath), 200);
    assert.equal(await mette.locator('main p.flag.overdue').count(), 0);
    assert.deepEqual(mette.problems, []);
  });

  it('an ineligible referral shows why and needs a reason to be accepted', { timeout: TEST_TIMEOUT }, async () => {
    const mette = await openAs('mette.supervisor');
    const referred = await familyLinks(mette, 'referred');
    assert.ok((await rows(mette.locator('main table'))).every((r) => r[1] === 'Henvist'), 'the filter shows referrals only');
    const almaPath = await findFamily(mette, referred, 'Alma Poulsen');
    assert.equal(await visit(mette, suite.server.baseUrl, almaPath), 200);
    assert.equal(await statusOf(mette), 'Henvist');

    // The screening says why.
    const screening = mette.locator('#screening div.warnings[role="note"]');
    assert.deepEqual(await texts(screening.locator('p')), ['Familien opfylder ikke programmets kriterier:']);
    assert.deepEqual(await texts(screening.locator('li')), ['Den unge er 10 år; programmet tager unge på 12–17 år.']);
    assert.equal(await mette.locator('#screening p.ok').count(), 0);

    // Accepting needs a reason: the browser asks for one first…
    const accept = mette.locator('#accept-form');
    const reason = accept.getByLabel('Begrundelse for at fravige kriterierne (mindst 10 tegn)');
    assert.equal(await reason.getAttribute('name'), 'override_reason');
    assert.equal(await reason.getAttribute('required'), '');
    await accept.getByRole('button', { name: 'Optag familien på ventelisten' }).click();
    assert.equal(pathOf(mette), almaPath, 'the empty form is not sent');
    assert.equal(await reason.evaluate((el) => el.validity.valueMissing), true);

    // …and the server refuses one sent without it.
    await accept.evaluate((f) => { f.noValidate = true; });
    const refused = await submit(mette, accept.getByRole('button', { name: 'Optag familien på ventelisten' }));
    assert.equal(refused, 422, `accept without a reason: ${await bodyStart(mette)}`);
    const refusedForm = mette.locator('#accept-form');
    assert.equal(await refusedForm.locator('div.error[role="alert"]').count(), 1, 'the errors above the accept form');
    assert.match(await text(refusedForm.locator('span.field-error')), /10/, 'the reason field says what is missing');
    assert.equal(await statusOf(mette), 'Henvist', 'still referred');

    // Declining, with a reason, works.
    const decline = mette.locator('#decline-form');
    const why = 'Under aldersgrænsen; henvist til kommunens familiebehandling';
    await decline.getByLabel('Begrundelse for afvisning').fill(why);
    const declined = await submit(mette, decline.getByRole('button', { name: 'Afvis henvisningen' }));
    assert.equal(declined, 200, `decline ended at ${pathOf(mette)}: ${await bodyStart(mette)}`);
    assert.equal(pathOf(mette), almaPath);
    assert.equal(await statusOf(mette), 'Afvist');
    assert.equal(await mette.locator('#accept-form, #decline-form, #assign-form').count(), 0, 'nothing left to decide');
    const history = await texts(mette.locator('ol.history li'));
    assert.ok(history.some((h) => h.includes('Henvist → Afvist') && h.includes(why)), JSON.stringify(history));
    assert.deepEqual(mette.problems, []);
  });

  it('form errors on a Danish page are in Danish, without internal field names', {
    timeout: TEST_TIMEOUT,
  }, async () => {
    // A referral without any behaviour: refused by the server.
    const page = await openAs('aarhus.caseworker');
    assert.equal(await visit(page, suite.server.baseUrl, '/cases/new?lang=da'), 200);
    const form = page.locator('main form').filter({ has: page.getByRole('button', { name: 'Send henvisning' }) });
    await field(form, 'team_id').selectOption({ label: 'MST Aarhus (MST)' });
    await field(form, 'young_person.given_name').fill('Asta');
    await field(form, 'young_person.family_name').fill('Holm');
    await field(form, 'young_person.birth_date').fill('2012-05-05');
    await field(form, 'caregivers[0].given_name').fill('Bo');
    await field(form, 'caregivers[0].family_name').fill('Holm');
    await field(form, 'caregivers[0].birth_date').fill('1980-01-01');
    assert.equal(await submit(page, form.getByRole('button', { name: 'Send henvisning' })), 422);
    const summary = await text(page.locator('main div.error[role="alert"]'));
    assert.match(summary, /^Noget skal rettes, før det kan gemmes:/);
    assert.doesNotMatch(summary, /\b(describe|the|at least|give)\b/i, `English in the Danish error: ${summary}`);
    assert.doesNotMatch(summary, /\(referral\.behaviours\)/, `an internal field name in: ${summary}`);
  });
});
