// The team's people (issue 15). The national office makes an account for
// Emil, a new therapist in MST Aarhus since last Monday. Mette, the
// supervisor, tries to give him the waiting family and is refused until
// his MST orientation is recorded (with its certificate, a PDF; a GIF is
// refused first); she records last week's supervision with Emil there and
// the consultation he missed (with a family in crisis), which flags him;
// a booster he attended; and his development plan, which she then
// reviews. The national office sees the team's figures; Aarhus's manager
// sees the teams' figures and no names. Every page is checked with
// axe-core (WCAG 2.1 AA); Emil's record also on a phone.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { visit, submit, screenshot, text, texts, pathOf, assertNoSidewaysScroll, teamPath, PHONE } from './lib/pages.js';
import { serverAndBrowser, TEST_TIMEOUT } from './lib/suite.js';

/** A day as YYYY-MM-DD, `days` from today in Copenhagen. */
function dayFrom(days) {
  const now = new Date(Date.now() + days * 86_400_000);
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
}

/** Days from today back to this week's Monday (Copenhagen). */
function sinceMonday() {
  const weekday = new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/Copenhagen', weekday: 'short' });
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekday);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('The team\'s people', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();

  it('a new therapist is trained before a family, attends, misses a consultation, gets a plan; the office and the municipality see figures', { timeout: 3 * TEST_TIMEOUT }, async () => {
    const base = suite.server.baseUrl;
    const lastMonday = dayFrom(-sinceMonday() - 7);
    const lastTuesday = dayFrom(-sinceMonday() - 6);
    const lastWednesday = dayFrom(-sinceMonday() - 5);
    const lastThursday = dayFrom(-sinceMonday() - 4);

    // ------------------------------------------------ the office makes Emil's account
    const { page: admin } = await suite.openAs('dk.admin');
    const aarhus = await teamPath(admin, base, 'MST Aarhus');
    const teamId = aarhus.split('/').pop();
    assert.equal(await visit(admin, base, '/admin/users'), 200);
    const form = admin.locator('#new-user form');
    await form.getByLabel('Brugernavn').fill('emil.therapist');
    await form.getByLabel('Navn', { exact: true }).fill('Emil Vang');
    await form.locator('select[name="role"]').selectOption('therapist');
    await form.locator('select[name="team_id"]').selectOption(teamId);
    await form.locator('select[name="position"]').selectOption('therapist');
    await form.locator('input[name="team_since"]').fill(lastMonday);
    assert.equal(await submit(admin, form.getByRole('button', { name: 'Opret bruger' })), 201);
    assert.deepEqual(admin.problems, []);

    // ------------------------------------------------ refused a family until trained
    const { page: mette } = await suite.openAs('mette.supervisor');
    assert.equal(await visit(mette, base, '/'), 200);
    const waiting = mette.locator('main .start-section').filter({ has: mette.getByRole('heading', { name: 'Venteliste' }) }).locator('a[href^="/cases/"]').first();
    const familyPath = await waiting.getAttribute('href');
    assert.equal(await visit(mette, base, familyPath), 200);
    const assign = mette.locator('#assign-form');
    const emilOption = (await texts(assign.locator('select[name="therapist_id"] option'))).find((o) => o.startsWith('Emil Vang'));
    assert.ok(emilOption, 'Emil is among the therapists');
    await assign.locator('select[name="therapist_id"]').selectOption({ label: emilOption });
    assert.equal(await submit(mette, assign.getByRole('button', { name: 'Tildel terapeut' })), 422);
    const refusal = await text(mette.locator('main'));
    assert.match(refusal, /Emil Vang har ikke registreret MST-grunduddannelse \(5 dage\) og kan ikke få familier endnu/);
    await screenshot(mette, 'people-assign-refused');

    // His page, from the team's people.
    assert.equal(await visit(mette, base, `${aarhus}/people`), 200);
    const emilLink = mette.locator('#people-table a', { hasText: 'Emil Vang' });
    const emilPath = await emilLink.getAttribute('href');
    const emilId = emilPath.split('/').pop();
    const emilRow = mette.locator(`#person-${emilId}`);
    assert.match(await text(emilRow), /MST-grunduddannelse \(5 dage\)/, 'the orientation is missing');
    assert.equal(await visit(mette, base, emilPath), 200);
    const training = mette.locator('#training-form');
    await training.locator('select[name="kind"]').selectOption('mst_orientation');
    await training.getByLabel('Udbyder').fill('MST Danmark');
    await training.getByLabel('Første dag').fill(dayFrom(-40));
    await training.getByLabel('Sidste dag').fill(dayFrom(-36));
    await training.getByLabel('Dage', { exact: true }).fill('5');
    await training.locator('input[type="file"]').setInputFiles({ name: 'bevis.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00') });
    assert.equal(await submit(mette, training.getByRole('button', { name: 'Gem uddannelse' })), 422);
    assert.match(await text(mette.locator('#training-form .field-error')), /kursusbeviset skal være en PDF, PNG eller JPEG/);
    assert.equal(await mette.locator('#training-table').count(), 0, 'nothing was stored');
    assert.equal(await mette.getByLabel('Udbyder').inputValue(), 'MST Danmark', 'what was typed is still there');
    await mette.locator('#training-form input[type="file"]').setInputFiles({ name: 'grunduddannelse.pdf', mimeType: 'application/pdf', buffer: PDF });
    await mette.getByLabel('Første dag').fill(dayFrom(-40));
    await mette.getByLabel('Sidste dag').fill(dayFrom(-36));
    assert.equal(await submit(mette, mette.locator('#training-form').getByRole('button', { name: 'Gem uddannelse' })), 200);
    assert.match(await text(mette.locator('#training-table tbody')), /MST-grunduddannelse \(5 dage\) MST Danmark .* 5 grunduddannelse\.pdf/);

    // Now the family can be his.
    assert.equal(await visit(mette, base, familyPath), 200);
    await mette.locator('#assign-form select[name="therapist_id"]').selectOption({ label: (await texts(mette.locator('#assign-form select[name="therapist_id"] option'))).find((o) => o.startsWith('Emil Vang')) });
    assert.equal(await submit(mette, mette.locator('#assign-form').getByRole('button', { name: 'Tildel terapeut' })), 200);
    assert.match(await text(mette.locator('main > dl.facts')), /Terapeut Emil Vang/);

    // ------------------------------------------------ supervision and consultation
    assert.equal(await visit(mette, base, aarhus), 200);
    const supervision = mette.locator('#supervision form');
    await supervision.locator('input[name="held_on"]').fill(lastTuesday);
    await supervision.locator('select[name="kind"]').selectOption('supervision');
    assert.ok(await supervision.locator(`#attendance-${emilId} input[name="present"]`).isChecked(), 'everyone is present unless unticked');
    assert.equal(await submit(mette, supervision.getByRole('button', { name: 'Registrér supervision' })), 200);
    assert.equal(await visit(mette, base, aarhus), 200);
    const consultation = mette.locator('#supervision form');
    await consultation.locator('input[name="held_on"]').fill(lastThursday);
    await consultation.locator('select[name="kind"]').selectOption('consultation');
    await consultation.locator(`#attendance-${emilId} input[name="present"]`).uncheck();
    // Away without a reason is refused first.
    assert.equal(await submit(mette, consultation.getByRole('button', { name: 'Registrér supervision' })), 422);
    assert.match(await text(mette.locator(`#attendance-${emilId}`)), /vælg en årsag til fraværet/);
    await mette.locator(`#attendance-${emilId} select`).selectOption('family_crisis');
    assert.equal(await submit(mette, mette.locator('#supervision form').getByRole('button', { name: 'Registrér supervision' })), 200);
    const history = await text(mette.locator('#supervision-history'));
    assert.match(history, /Fraværende: Emil Vang \(Hos en familie i krise\)/);
    await screenshot(mette, 'people-team-attendance');

    // ------------------------------------------------ a booster he attended
    assert.equal(await visit(mette, base, `${aarhus}/people`), 200);
    const booster = mette.locator('#booster-form');
    await booster.getByLabel('Planlagt dato').fill(lastWednesday);
    await booster.getByLabel('Emne').fill('Nye terapeuters første familier');
    await booster.getByLabel('Underviser').fill('Henrik Dam');
    await booster.getByLabel('Holdt dato').fill(dayFrom(1));
    await booster.locator(`input[name="attendee"][value="${emilId}"]`).check();
    // Held tomorrow cannot be: refused, nothing stored.
    assert.equal(await submit(mette, booster.getByRole('button', { name: 'Gem booster' })), 422);
    assert.match(await text(mette.locator('#booster-form')), /en booster kan ikke registreres som holdt på en dato efter i dag/);
    await mette.locator('#booster-form').getByLabel('Holdt dato').fill(lastWednesday);
    assert.equal(await submit(mette, mette.locator('#booster-form').getByRole('button', { name: 'Gem booster' })), 200);
    assert.match(await text(mette.locator('#boosters-table tbody tr', { hasText: 'Nye terapeuters første familier' })), new RegExp(`${lastWednesday} ${lastWednesday} Nye terapeuters første familier Henrik Dam .*Emil Vang`));
    // Emil's flags: the missed consultation, one booster.
    const row = await text(mette.locator(`#person-${emilId}`));
    assert.match(row, /⚠ 1 af 1 uger uden/, `the missed consultation is flagged: ${row}`);
    assert.match(row, /Gennemført/, 'the initial training is complete');
    await screenshot(mette, 'people-team');

    // ------------------------------------------------ his development plan, reviewed
    assert.equal(await visit(mette, base, `${aarhus}/people/${emilId}/plan`), 200);
    const plan = mette.locator('#plan-form');
    await plan.locator('select[name="goals[0].competence"]').selectOption('engagement');
    await plan.locator('textarea[name="goals[0].goal"]').fill('Fastholde forældre, der trækker sig');
    await plan.locator('textarea[name="goals[0].actions"]').fill('Rollespil i supervision hver anden uge');
    await plan.getByLabel('Opfølgningsdato').fill(dayFrom(60));
    assert.equal(await submit(mette, plan.getByRole('button', { name: 'Gem planen' })), 200);
    assert.match(await text(mette.locator('#plan-goals')), /Engagement af familien Fastholde forældre, der trækker sig/);
    const review = mette.locator('#review-form');
    await review.getByLabel('Dato for opfølgning').fill(dayFrom(0));
    await review.getByLabel('Næste opfølgning').fill(dayFrom(90));
    await review.getByLabel('Hvad kom der ud af planen?').fill('Godt i gang med to af familierne.');
    assert.equal(await submit(mette, review.getByRole('button', { name: 'Gem opfølgning' })), 200);
    assert.match(await text(mette.locator('#review-list')), /Godt i gang med to af familierne\./);
    assert.match(await text(mette.locator('#plan-due')), new RegExp(`Opfølgning ${dayFrom(90)}`));
    await screenshot(mette, 'people-plan');

    // Mette's start page reminds her of the missed consultation.
    assert.equal(await visit(mette, base, '/'), 200);
    assert.match(await text(mette.locator('main')), /Emil Vang har ikke deltaget i Konsultation i 1 af de seneste 1 uger/);
    // Emil's record on a phone.
    const { page: phone } = await suite.openAs('mette.supervisor', { viewport: PHONE, phone: true });
    assert.equal(await visit(phone, base, emilPath), 200);
    await assertNoSidewaysScroll(phone, "a therapist's record");
    await screenshot(phone, 'people-person-phone');
    assert.deepEqual(mette.problems, []);
    assert.deepEqual(phone.problems, []);

    // ------------------------------------------------ the national office: figures
    assert.equal(await visit(admin, base, '/people'), 200);
    const aarhusRow = admin.locator(`#team-row-${teamId}`);
    assert.match(await text(aarhusRow), /MST Aarhus MST/);
    assert.equal(await visit(admin, base, `${aarhus}/people`), 200);
    assert.equal(await admin.locator('#people-table').count(), 0, 'no person by person for the office');
    assert.match(await text(admin.locator('#people-figures')), /Grunduddannelse gennemført (\d+) af \1 /);
    await screenshot(admin, 'people-national');
    assert.deepEqual(admin.problems, []);

    // ------------------------------------------------ the municipality: aggregates only
    const { page: manager } = await suite.openAs('aarhus.manager');
    assert.equal(await visit(manager, base, '/'), 200);
    assert.equal(await manager.getByRole('link', { name: 'Medarbejdere' }).getAttribute('href'), '/people');
    assert.equal(await visit(manager, base, '/people'), 200);
    const overview = await text(manager.locator('main'));
    assert.match(overview, /MST Aarhus/);
    assert.doesNotMatch(overview, /Emil Vang|Mette/, 'no names');
    await screenshot(manager, 'people-municipality');
    assert.equal(await visit(manager, base, `/teams/${teamId}/people/${emilId}/plan`), 403);
    assert.equal(await visit(manager, base, emilPath), 403);
    assert.deepEqual(manager.problems, []);
  });
});
