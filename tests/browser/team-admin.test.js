// The national office runs its teams from the pages, as dk.admin of the
// demo: a new team with its owning municipalities, shares and start date
// (on a phone and on a desktop), an account made straight into the new
// team, a person added to it and a membership ended after the page asks.
// Every page visited or submitted is checked with axe-core (WCAG 2.1 AA).

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { visit, submit, screenshot, text, texts, pathOf, assertNoSidewaysScroll, PHONE } from './lib/pages.js';
import { serverAndBrowser, HOOK_TIMEOUT } from './lib/suite.js';

const TEST_TIMEOUT = 120_000;

/** The rows of a table as arrays of cell texts. */
async function rows(table) {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/** Fills the new-team form: its name, model, start date and owner rows. */
async function fillTeam(page, { name, model, startedOn, owners }) {
  await page.getByLabel('Teamets navn').fill(name);
  await page.getByLabel('Programmodel').selectOption(model);
  await page.getByLabel('Startdato').fill(startedOn);
  for (const [i, [municipality, share]] of owners.entries()) {
    await page.locator(`select[name="owners[${i}].municipality_code"]`).selectOption({ label: municipality });
    await page.locator(`input[name="owners[${i}].share_percent"]`).fill(share);
  }
}

describe('the national office administers its teams', { timeout: 15 * 60_000 }, () => {
  const suite = serverAndBrowser();
  // dk.admin logs in once, before the tests; each test opens a page of its own in that session.
  before(() => suite.sessionOf('dk.admin'), { timeout: HOOK_TIMEOUT });
  const openAsAdmin = async (options) => (await suite.openAs('dk.admin', options)).page;

  it('creates a team with two owners on a phone, after shares that did not add up', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAsAdmin({ viewport: PHONE, phone: true });
    // The start page (the teams) leads to the form.
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    await assertNoSidewaysScroll(page, 'the teams list', { screen: true });
    assert.equal(await submit(page, page.getByRole('link', { name: 'Nyt team', exact: true })), 200);
    assert.equal(pathOf(page), '/teams/new');
    assert.deepEqual(await texts(page.locator('main h1')), ['Nyt team']);
    await assertNoSidewaysScroll(page, 'the new-team form', { screen: true });
    await screenshot(page, 'phone-new-team-form');

    await fillTeam(page, {
      name: 'MST Østjylland',
      model: 'MST-CAN',
      startedOn: '2027-01-04',
      owners: [['Aarhus (0751)', '60'], ['Odder (0727)', '30']],
    });
    assert.equal(await submit(page, page.getByRole('button', { name: 'Opret team' })), 422);
    const alert = page.locator('main div.error[role="alert"]');
    assert.match(await text(alert), /ejerandelene skal tilsammen give 100 %, de giver 90 %/);
    // What was typed is still there.
    assert.equal(await page.getByLabel('Teamets navn').inputValue(), 'MST Østjylland');
    assert.equal(await page.getByLabel('Programmodel').inputValue(), 'MST-CAN');
    assert.equal(await page.locator('select[name="owners[1].municipality_code"]').inputValue(), '0727');
    assert.equal(await page.locator('input[name="owners[1].share_percent"]').inputValue(), '30');
    await assertNoSidewaysScroll(page, 'the refused new-team form', { screen: true });
    await screenshot(page, 'phone-new-team-refused');

    await page.locator('input[name="owners[1].share_percent"]').fill('40');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Opret team' })), 200);
    assert.match(pathOf(page), /^\/teams\/\d+$/);
    assert.deepEqual(await texts(page.locator('main h1')), ['MST Østjylland']);
    assert.deepEqual(await texts(page.locator('main > p.meta')), ['MST-CAN · Danmark', 'Startdato: 2027-01-04']);
    const owners = page.getByRole('region', { name: 'Ejerkommuner' });
    assert.deepEqual((await rows(owners.locator('table'))).sort(), [['Aarhus', '60 %'], ['Odder', '40 %']]);
    // The new team has nobody yet, and says what its model asks for.
    assert.deepEqual(await texts(page.locator('#staff p')), ['Teamet har ingen medarbejdere endnu.']);
    assert.match(await text(page.getByRole('region', { name: 'Afvigelser fra modellen' })), /supervisor/i);
    await assertNoSidewaysScroll(page, 'the new team page with its forms', { screen: true });
    await screenshot(page, 'phone-new-team-page');

    // A staffed team on the phone: ending a membership asks first, and the
    // question fits the screen.
    assert.equal(await visit(page, suite.server.baseUrl, '/'), 200);
    assert.equal(await submit(page, page.getByRole('link', { name: 'MST Vestegnen', exact: true })), 200);
    const camilla = page.locator('#staff details.confirm').filter({ hasText: 'Camilla Friis' });
    await camilla.getByText('Afslut: Camilla Friis (Terapeut)', { exact: true }).click();
    assert.ok(await camilla.getByRole('button', { name: 'Ja, afslut medlemskabet for Camilla Friis' }).isVisible());
    await assertNoSidewaysScroll(page, 'a team page with an open end-of-membership question', { screen: true });
    await screenshot(page, 'phone-team-end-membership');
    assert.deepEqual(page.problems, []);
  });

  it('creates a team on a desktop, makes an account into it, adds a supervisor and ends a membership', { timeout: TEST_TIMEOUT }, async () => {
    const page = await openAsAdmin();
    assert.equal(await visit(page, suite.server.baseUrl, '/teams/new'), 200);
    await fillTeam(page, {
      name: 'MST Trekantområdet',
      model: 'MST',
      startedOn: '2027-03-01',
      owners: [['Kolding (0621)', '50'], ['Fredericia (0607)', '25'], ['Vejle (0630)', '25']],
    });
    assert.equal(await submit(page, page.getByRole('button', { name: 'Opret team' })), 200);
    const teamPath = pathOf(page);
    assert.match(teamPath, /^\/teams\/\d+$/);
    const teamId = teamPath.split('/').pop();

    // A therapist's account, made straight into the new team.
    assert.equal(await visit(page, suite.server.baseUrl, '/admin/users'), 200);
    const form = page.locator('#new-user form');
    await form.getByLabel('Brugernavn').fill('signe.therapist');
    await form.getByLabel('Navn', { exact: true }).fill('Signe Bach');
    await form.locator('select[name="role"]').selectOption('therapist');
    await form.locator('select[name="team_id"]').selectOption(teamId);
    await form.locator('select[name="position"]').selectOption('therapist');
    assert.equal(await submit(page, form.getByRole('button', { name: 'Opret bruger' })), 201);
    assert.match(await text(page.locator('#joined-team')), /^Signe Bach er med i MST Trekantområdet \(MST\) som terapeut fra \d{4}-\d{2}-\d{2}\.$/);
    await screenshot(page, 'desktop-user-into-team');

    // Lars Bech supervises this team too.
    assert.equal(await visit(page, suite.server.baseUrl, teamPath), 200);
    const add = page.getByRole('region', { name: 'Tilføj medarbejder' });
    await add.locator('select[name="user_id"]').selectOption({ label: 'Lars Bech · Supervisor' });
    await add.locator('select[name="position"]').selectOption('supervisor');
    assert.equal(await submit(page, add.getByRole('button', { name: 'Tilføj medarbejder' })), 200);
    assert.deepEqual(await texts(page.locator('main p.notice')), ['Medarbejderen er tilføjet teamet.']);
    const staff = page.getByRole('region', { name: 'Medarbejdere', exact: true });
    assert.deepEqual(await texts(staff.locator('thead th')), ['Navn', 'Funktion', 'Siden', 'Indtil']);
    const names = (await rows(staff.locator('table'))).map(([name, position]) => [name, position]).sort();
    assert.deepEqual(names, [['Lars Bech', 'Supervisor'], ['Signe Bach', 'Terapeut']]);
    await screenshot(page, 'desktop-team-admin');

    // Ending Signe's membership asks first.
    const signe = staff.locator('details.confirm').filter({ hasText: 'Signe Bach' });
    await signe.getByText('Afslut: Signe Bach (Terapeut)', { exact: true }).click();
    const confirm = signe.getByRole('button', { name: 'Ja, afslut medlemskabet for Signe Bach' });
    assert.ok(await confirm.isVisible(), 'the confirmation is shown');
    const lastDay = await signe.getByLabel('Sidste dag').inputValue();
    await screenshot(page, 'desktop-end-membership');
    assert.equal(await submit(page, confirm), 200);
    assert.deepEqual(await texts(page.locator('main p.notice')), ['Medlemskabet er afsluttet.']);
    const ended = (await rows(staff.locator('table'))).find(([name]) => name === 'Signe Bach');
    assert.equal(ended[3], lastDay, 'her last day is shown');
    assert.equal(await staff.locator('details.confirm').filter({ hasText: 'Signe Bach' }).count(), 0, 'not ended twice');
    assert.deepEqual(page.problems, []);
  });
});
