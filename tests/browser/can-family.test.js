// An MST-CAN family's whole course on the Norwegian pages (issue 12): Bærum's
// child welfare caseworker refers a family with two children (a child of 19
// is refused first), the supervisor accepts it and assigns Nina; before the
// safety plan nothing else can be recorded; then the plan, the ecological
// map with a key person, each child heard, a treatment plan with goals in
// three theme areas, a module started, a weekly summary with the plan's
// review, an incident flagged until its notification is recorded, the
// discharge with each child's outcome, and the report PDF whose text is checked.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, submit, screenshot, pathOf, text, texts } from './lib/pages.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';
import { pdfText } from './lib/pdf.js';

// A day as Rundt counts it: on the Danish and Norwegian clock, not UTC's.
const iso = (d) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
const field = (scope, name) => scope.locator(`[name="${name}"]`);

/**
 * A valid Norwegian fødselsnummer for someone born on `born` (YYYY-MM-DD,
 * 2000 or later): the individual number from 500 + `serial`, the two check
 * digits by modulus 11.
 */
function fnr(born, serial) {
  const [y, m, d] = born.split('-');
  const date = `${d}${m}${y.slice(2)}`;
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const check = (digits, weights) => {
    const r = 11 - (weights.reduce((s, w, i) => s + w * digits[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  for (let individual = 500 + serial; individual < 1000; individual++) {
    const nine = `${date}${String(individual).padStart(3, '0')}`.split('').map(Number);
    const k1 = check(nine, w1);
    if (k1 === 10) continue;
    const k2 = check([...nine, k1], w2);
    if (k2 === 10) continue;
    return `${nine.join('')}${k1}${k2}`;
  }
  throw new Error(`no fødselsnummer for ${born}`);
}

describe("An MST-CAN family's course", { timeout: 20 * 60_000 }, () => {
  const suite = serverAndBrowser();
  const openAs = async (username, options) => (await suite.openAs(username, { locale: 'nb-NO', ...options })).page;
  const go = async (page, path) => assert.equal(await visit(page, suite.server.baseUrl, path), 200, `GET ${path}`);

  it('from the referral of two children to the discharge report', { timeout: TEST_TIMEOUT }, async () => {
    const now = new Date();
    // Consent on the browser's UTC day, never after the team's (Oslo's) day.
    const today = iso(now);
    const year = now.getUTCFullYear();
    const sara = `${year - 11}-03-10`;
    const mats = `${year - 7}-06-30`;
    const nineteen = `${year - 19}-01-15`;

    // ------------------------------------------------------------ referral
    const linn = await openAs('baerum.caseworker');
    await go(linn, '/cases/new');
    const form = linn.locator('main form').filter({ has: linn.getByRole('button', { name: 'Send henvisning' }) });
    await field(form, 'team_id').selectOption({ label: 'MST-CAN Bærum og Asker (MST-CAN)' });
    await field(form, 'young_person.given_name').fill('Sara');
    await field(form, 'young_person.family_name').fill('Strand');
    await field(form, 'young_person.national_id').fill(fnr(sara, 11));
    await field(form, 'other_children[0].given_name').fill('Mats');
    await field(form, 'other_children[0].family_name').fill('Strand');
    await field(form, 'other_children[0].birth_date').fill(nineteen);
    await field(form, 'other_children[0].national_id').fill('');
    await field(form, 'caregivers[0].given_name').fill('Hilde');
    await field(form, 'caregivers[0].family_name').fill('Strand');
    await field(form, 'caregivers[0].birth_date').fill('1984-04-02');
    await field(form, 'referral.behaviours[0].behaviour').fill('Vold i hjemmet');
    await field(form, 'referral.behaviours[0].frequency').fill('ukentlig');
    await field(form, 'referral.behaviours[0].intensity').fill('mor slår når hun er sliten');
    await field(form, 'referral.behaviours[0].duration').fill('et halvt år');
    await field(form, 'referral.consent.given_by').fill('Hilde Strand');
    await field(form, 'referral.consent.given_on').fill(today);
    await field(form, 'referral.known_to_child_protection_within_180_days').check();
    await field(form, 'referral.child_welfare_case').fill('2026/04711');
    // A child of 19 without a national id: both said, in Norwegian, nothing stored.
    assert.equal(await submit(linn, form.getByRole('button', { name: 'Send henvisning' })), 422);
    const refused = await text(linn.locator('main'));
    assert.match(refused, /barnet er 19 år den dagen henvisningen kommer; MST-CAN tar imot familier med barn fra 6 til og med 18 år/);
    assert.match(refused, /oppgi barnets fødselsnummer/);
    const again = linn.locator('main form').filter({ has: linn.getByRole('button', { name: 'Send henvisning' }) });
    await field(again, 'other_children[0].birth_date').fill('');
    await field(again, 'other_children[0].national_id').fill(fnr(mats, 12));
    assert.equal(await submit(linn, again.getByRole('button', { name: 'Send henvisning' })), 200);
    assert.match(pathOf(linn), /^\/cases\/\d+\/receipt$/);
    const caseId = Number(pathOf(linn).split('/')[2]);
    const family = `/cases/${caseId}`;
    assert.deepEqual(linn.problems, []);

    // ------------------------------------------------------------ accept and assign
    const kari = await openAs('kari.supervisor');
    await go(kari, family);
    assert.equal(await submit(kari, kari.locator('#accept-form').getByRole('button', { name: 'Ta familien inn på ventelisten' })), 200);
    const assign = kari.locator('#assign-form');
    // The team's today (Oslo), which treatment starts on: every later date.
    const day = await assign.locator('input[name="start"]').inputValue();
    const nina = (await texts(assign.locator('select[name="therapist_id"] option'))).find((o) => o.startsWith('Nina Larsen'));
    await assign.locator('select[name="therapist_id"]').selectOption({ label: nina });
    assert.equal(await submit(kari, assign.getByRole('button', { name: 'Tildel terapeut' })), 200);
    assert.equal(await text(kari.locator('#case-status')), 'I behandling');
    assert.match(await text(kari.locator('#child-welfare-case')), /2026\/04711/);

    // ------------------------------------------------------------ safety first
    const therapist = await openAs('nina.therapist');
    await go(therapist, family);
    assert.match(await text(therapist.locator('#no-safety-plan')), /Den lages først/);
    await go(therapist, `${family}/assessment`);
    const assessment = therapist.locator('main form');
    await field(assessment, 'systems[0].strengths').fill('Mormor bor i nærheten');
    assert.equal(await submit(therapist, assessment.getByRole('button', { name: 'Lagre' })), 409);
    assert.match(await text(therapist.locator('main')), /lag sikkerhetsplanen først/);

    await go(therapist, `${family}/safety`);
    const plan = therapist.locator('form[action$="/safety-plan"]');
    await field(plan, 'risks[0].kind').selectOption('physical_violence');
    await field(plan, 'risks[0].from_whom').fill('Hilde');
    await field(plan, 'risks[0].to_whom').fill('Sara og Mats');
    await field(plan, 'risks[0].situations').fill('Om kvelden når Hilde er sliten og barna krangler');
    await field(plan, 'warning_signs[0]').fill('Hilde hever stemmen');
    await field(plan, 'adult_actions[0].adult').fill('Hilde');
    await field(plan, 'adult_actions[0].instead').fill('Går ut på trappa og ringer terapeuten');
    await field(plan, 'child_contacts[0].child').fill('Sara');
    await field(plan, 'child_contacts[0].contact_person').fill('Mormor Randi');
    await field(plan, 'child_contacts[0].how').fill('Telefon 915 00 000');
    await field(plan, 'child_contacts[1].child').fill('Mats');
    await field(plan, 'child_contacts[1].contact_person').fill('Naboen Turid');
    await field(plan, 'child_contacts[1].how').fill('Banker på i første etasje');
    await field(plan, 'agreed_with_family_on').fill(day);
    assert.equal(await submit(therapist, plan.getByRole('button', { name: 'Lagre sikkerhetsplanen' })), 200);
    assert.match(await text(therapist.locator('#plan-version')), /^Versjon 1/);

    // ------------------------------------------------------------ mapping and the children's voice
    await go(therapist, `${family}/mapping`);
    const map = therapist.locator('form[action$="/mapping"]');
    await field(map, 'key_persons[0].role').selectOption('child_welfare_caseworker');
    await field(map, 'key_persons[0].name').fill('Linn Halvorsen');
    await field(map, 'key_persons[0].relation').fill('saksbehandler i Bærum');
    await field(map, 'key_persons[0].consent_to_contact').check();
    await field(map, 'mapped_on').fill(day);
    assert.equal(await submit(therapist, map.getByRole('button', { name: 'Lagre økokartet' })), 200);
    for (const [child, said] of [['Sara', 'Jeg er redd når mamma roper'], ['Mats', 'Tegnet huset med mormor']]) {
      const voice = therapist.locator('form[action$="/child-voices"]');
      await field(voice, 'child').selectOption({ label: `${child} Strand` });
      await field(voice, 'on').fill(day);
      await voice.locator('input[name="state"][value="heard"]').check();
      await field(voice, 'how').selectOption(child === 'Sara' ? 'conversation' : 'drawing');
      await field(voice, 'present').fill('terapeuten');
      await field(voice, 'said').fill(said);
      await field(voice, 'wishes').fill('At det er rolig hjemme');
      assert.equal(await submit(therapist, voice.getByRole('button', { name: 'Registrer barnets stemme' })), 200);
    }
    assert.doesNotMatch(await text(therapist.locator('main')), /Ikke alle barna er hørt ennå/);

    // ------------------------------------------------------------ treatment plan and a module
    await go(therapist, `${family}/plan`);
    const goals = [
      ['safety', 'Barna er trygge hjemme om kveldene', 'ingen hendelser på åtte uker'],
      ['parents_understanding', 'Hilde forstår hva volden gjør med barna', 'samtaler med terapeuten'],
      ['practical_needs', 'Familien har en plan for gjelden', 'avtale med NAV'],
    ];
    const fillGoal = async (scope, i, [theme, goal, measure]) => {
      await field(scope, `goals[${i}].theme`).selectOption(theme);
      await field(scope, `goals[${i}].overarching`).fill(goal);
      await field(scope, `goals[${i}].intermediate`).fill('Første steg\nAndre steg');
      await field(scope, `goals[${i}].agreed_by`).fill('Hilde og barneverntjenesten');
      await field(scope, `goals[${i}].measured_by`).fill(measure);
    };
    let planForm = therapist.locator('#plan-form');
    await field(planForm, 'made_with_family_on').fill(day);
    await fillGoal(planForm, 0, goals[0]);
    await fillGoal(planForm, 1, goals[1]);
    assert.equal(await submit(therapist, planForm.getByRole('button', { name: 'Lagre behandlingsplanen' })), 200);
    // The third theme area in the plan's next version.
    await therapist.locator('#plan-form').evaluate((f) => f.closest('details')?.setAttribute('open', ''));
    planForm = therapist.locator('#plan-form');
    await fillGoal(planForm, 2, goals[2]);
    assert.equal(await submit(therapist, planForm.getByRole('button', { name: 'Lagre behandlingsplanen' })), 200);
    const planText = await text(therapist.locator('main'));
    for (const [, goal] of goals) assert.ok(planText.includes(goal), `${goal} in the plan`);
    const start = therapist.locator('#start-module-form');
    await start.evaluate((f) => f.closest('details')?.setAttribute('open', ''));
    await field(start, 'kind').selectOption('clarification');
    await field(start, 'start').fill(day);
    await field(start, 'status').selectOption('ongoing');
    await field(start, 'delivered_by').fill('Nina Larsen');
    assert.equal(await submit(therapist, start.getByRole('button', { name: 'Start en modul' })), 200);
    assert.match(await text(therapist.locator('#modules')), /Klargjøring/);

    // ------------------------------------------------------------ weekly summary with the plan's review
    await go(therapist, `${family}/weekly-summaries/new`);
    const summary = therapist.locator('main form').filter({ has: therapist.locator('#safety-review') });
    await field(summary, 'contacts[0].date').fill(day);
    await field(summary, 'contacts[0].minutes').fill('90');
    await field(summary, 'contacts[0].with').fill('Hilde, Sara, Mats');
    await field(summary, 'contacts[0].place').fill('hjemme');
    await field(summary, 'next_week_goals[0]').fill('Gå gjennom sikkerhetsplanen med Mats');
    await summary.locator('input[name="safety_review"][value="holds"]').check();
    assert.equal(await submit(therapist, summary.getByRole('button', { name: 'Lagre' })), 200);
    assert.equal(pathOf(therapist).split('?')[0], family);
    assert.match(await text(therapist.locator('#summaries')), /Planen holdt/);

    // ------------------------------------------------------------ an incident, flagged, then notified
    await go(therapist, `${family}/safety`);
    const incident = therapist.locator('form[action$="/incidents"]');
    await field(incident, 'date').fill(day);
    await field(incident, 'time').fill('00:00');
    await incident.getByLabel('Sara').check();
    await field(incident, 'what_happened').fill('Hilde dyttet Sara inn i døra');
    await field(incident, 'what_was_done').fill('Terapeuten kom samme kveld; planen ble gått gjennom');
    assert.equal(await submit(therapist, incident.getByRole('button', { name: 'Registrer en hendelse' })), 200);
    assert.equal(await therapist.locator('main article.flagged').count(), 1, 'flagged until notified');
    await go(therapist, family);
    assert.match(await text(therapist.locator('#incident-not-notified')), /1 uten registrert melding/);
    await go(therapist, `${family}/safety`);
    const notify = therapist.locator('main article.flagged form[aria-label="Registrer meldingen"]');
    await notify.getByLabel('Meldt dato').fill(day);
    await notify.getByLabel('Meldt av').fill('Nina Larsen');
    await notify.getByLabel('Meldt til').fill('Barneverntjenesten i Bærum');
    assert.equal(await submit(therapist, notify.getByRole('button', { name: 'Registrer meldingen' })), 200);
    assert.equal(await therapist.locator('main article.flagged').count(), 0);
    await screenshot(therapist, 'desktop-can-family-safety-nb');

    // ------------------------------------------------------------ discharge and the report
    await go(therapist, `${family}/discharge`);
    const discharge = therapist.locator('main form');
    const ratings = discharge.locator('select[name^="goals["][name$=".result"]');
    assert.equal(await ratings.count(), 3, 'the plan\'s three goals are rated');
    for (let i = 0; i < 3; i++) await ratings.nth(i).selectOption('met');
    await field(discharge, 'clinical_evaluation').fill('Familien har holdt sikkerhetsplanen; barna er hørt og trygge.');
    await discharge.getByLabel('Bor hjemme', { exact: true }).check();
    // Each child's outcome: both live at home, neither taken into care.
    const atHome = discharge.locator('#children-outcomes select[name$=".at_home"]');
    const careOrder = discharge.locator('#children-outcomes select[name$=".care_order"]');
    assert.equal(await atHome.count(), 2, 'a row for each child');
    for (let i = 0; i < 2; i++) {
      await atHome.nth(i).selectOption('true');
      await careOrder.nth(i).selectOption('false');
    }
    assert.equal(await submit(therapist, discharge.getByRole('button', { name: 'Avslutt behandlingen (utskrivning)' })), 200);
    assert.equal(await text(therapist.locator('#case-status')), 'Utskrevet');
    const res = await therapist.context().request.get(`${suite.server.baseUrl}/api/v1/cases/${caseId}/discharge-report.pdf?lang=nb`);
    assert.equal(res.status(), 200);
    const report = pdfText(await res.body());
    for (const shown of [
      'Sikkerhetsplan',
      'Fysisk vold: Hilde → Sara og Mats',
      'Hilde dyttet Sara inn i døra',
      'meldt',
      'Økokart og barnas stemme',
      'Linn Halvorsen',
      'Behandlingsplan',
      'Måloppnåelse per temaområde',
      'Klargjøring',
    ]) {
      assert.ok(report.includes(shown), `${shown} in the report:\n${report}`);
    }
    assert.deepEqual(therapist.problems, []);
  });
});
