// End-to-end tests of the KetNoi web UI: a real `ketnoi demo` server and Debian's
// headless Chromium driven by playwright-core. They check what a user sees.
//
//   cd tests/e2e && KETNOI_BIN=/path/to/ketnoi npm test
//
// CHROMIUM overrides the browser path (default /usr/bin/chromium). Screenshots of the
// desktop (1280×800) and mobile (375×800) layouts are written to the OS temp dir.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { skipReason, startServer } from './server.mjs';

const EXPERT_PAGE_SIZE = 24; // must match web/js/app.js
const TEST_TIMEOUT_MS = 90_000;

const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 375, height: 800 };

let server;
let browser;
const consoleErrors = [];

// Strips Vietnamese (and other Latin) diacritics the way a user typing on a plain
// keyboard would: "Nguyễn Thị Đào" → "Nguyen Thi Dao".
function stripDiacritics(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

async function api(pathAndQuery) {
  const response = await fetch(new URL(`api/v1/${pathAndQuery}`, server.url));
  const body = await response.json();
  assert.ok(response.ok, `GET /api/v1/${pathAndQuery} → ${response.status} ${JSON.stringify(body)}`);
  return body;
}

// Sends `body` as JSON with `method` (POST, or PATCH as a JSON Merge Patch) and returns
// the answer, asserting success.
async function apiSend(method, pathName, body) {
  const response = await fetch(new URL(`api/v1/${pathName}`, server.url), {
    method,
    headers: { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.ok(response.ok, `${method} /api/v1/${pathName} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

const apiPost = (pathName, body) => apiSend('POST', pathName, body);
const apiPatch = (pathName, body) => apiSend('PATCH', pathName, body);

async function apiDelete(pathName) {
  const response = await fetch(new URL(`api/v1/${pathName}`, server.url), { method: 'DELETE' });
  assert.equal(response.status, 204, `DELETE /api/v1/${pathName} → ${response.status} ${await response.text()}`);
}

// The ids of the works a match answer shows as the expert's evidence ([] when the
// expert is not among the matches).
function evidenceWorkIds(matches, expertId) {
  const match = matches.items.find((m) => m.expert.id === expertId);
  return match ? match.works.map((w) => w.work_id) : [];
}

// A demo expert with at least two works, and one of those works written with other
// authors (preferably other registry experts) whose title, as a problem statement,
// brings the work up among the expert's evidence; the first such pair in id order.
async function expertWorkFoundByTitle() {
  const { items: experts } = await api('experts?limit=1000');
  for (const expert of [...experts].sort((a, b) => a.id - b.id)) {
    const { items: works } = await api(`works?expert=${expert.id}&limit=100`);
    if (works.length < 2) continue;
    const registryAuthors = (w) => w.authors.filter((a) => a.expert_id != null).length;
    const shared = works
      .filter((w) => w.authors.length >= 2 && w.authors.filter((a) => a.expert_id === expert.id).length === 1
        && w.authors.every((a) => !a.hidden && !a.key))
      .sort((a, b) => registryAuthors(b) - registryAuthors(a) || a.id - b.id);
    for (const work of shared.slice(0, 3)) {
      const matches = await apiPost('match', { text: work.title, k: 100 });
      if (evidenceWorkIds(matches, expert.id).includes(work.id)) return { expert, work, matches };
    }
  }
  return { expert: null, work: null, matches: null };
}

// Checks that the stored work's authors are `before`'s with only the entry of
// `expertId` changed by `change` (e.g. {hidden: true}).
function assertOnlyExpertChanged(stored, before, expertId, change) {
  assert.equal(stored.authors.length, before.authors.length);
  stored.authors.forEach((author, i) => {
    const expected = before.authors[i].expert_id === expertId ? { ...before.authors[i], ...change } : before.authors[i];
    assert.deepEqual(author, expected, `work ${stored.id}, author ${i}`);
  });
}

// The words of a <mark>ed HTML string that are marked, e.g. ["thiết", "kế"].
function markedWords(html) {
  return [...String(html).matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
}

// A demo problem with at least three matching experts that all have reasons, and
// marked evidence for the best one; the first such problem in id order.
async function problemWithMatches() {
  const { items: problems } = await api('problems?limit=1000');
  for (const problem of [...problems].sort((a, b) => a.id - b.id)) {
    const matches = await api(`problems/${problem.id}/matches?k=10`);
    const good = matches.items.length >= 3
      && matches.items.slice(0, 3).every((m) => m.terms.length > 0)
      && matches.items[0].works.some((w) => markedWords(w.title + w.snippet).length > 0);
    if (good) return { problem, matches };
  }
  return { problem: null, matches: null };
}

// Waits until a match list ("problem-matches-results" or "find-results") shows the
// server's answer for exactly these inputs.
async function waitForMatches(page, testid, query = '') {
  const root = page.locator(`[data-testid=${testid}][data-state=ready][data-query="${query}"]`);
  await root.waitFor({ state: 'attached' });
  return root;
}

// POST a file's bytes to /import/{format} the way the UI does (the raw body), e.g. a
// dry run to learn what the UI should report.
async function apiImport(format, params, bytes) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(new URL(`api/v1/import/${format}?${query}`, server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  const answer = await response.json();
  assert.ok(response.ok, `POST /api/v1/import/${format}?${query} → ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function apiDecide(reviewId, decision) {
  const response = await fetch(new URL(`api/v1/identity-reviews/${reviewId}/${decision}`, server.url),
    { method: 'POST', body: '' });
  const answer = await response.json();
  assert.ok(response.ok, `POST identity-reviews/${reviewId}/${decision} → ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

// A demo expert whose name no other expert shares, with a current affiliation and a
// country, and that organisation; `skip` leaves out experts already used.
async function expertWithTwinData(skip = new Set()) {
  const { items } = await api('experts?limit=1000');
  const names = new Map();
  for (const e of items) names.set(e.full_name, (names.get(e.full_name) || 0) + 1);
  for (const e of [...items].sort((a, b) => a.id - b.id)) {
    const current = (e.affiliations || []).find((a) => a.current && a.organization_id != null);
    if (skip.has(e.id) || names.get(e.full_name) !== 1 || !e.country || !current) continue;
    return { expert: e, organization: await api(`organizations/${current.organization_id}`) };
  }
  return { expert: null, organization: null };
}

// A CSV of experts as a coordinator would export it from a spreadsheet.
function expertsCsv(rows) {
  return Buffer.from(['Họ và tên;Quốc gia;Đơn vị', ...rows.map((r) => r.join(';'))].join('\n') + '\n', 'utf8');
}

const NAME_MATCH_VI = {
  exact: 'Trùng hoàn toàn', full: 'Trùng tên, khác dấu', partial: 'Trùng một phần', initials: 'Trùng chữ viết tắt',
};

// A fresh browser context (fresh localStorage) whose console errors are recorded.
// With expectHttpErrors, the browser's own "Failed to load resource" lines (for a
// request the test makes fail on purpose) are not counted.
async function openPage(viewport = DESKTOP, hash = '', { expectHttpErrors = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    if (message.type() === 'error'
        && !(expectHttpErrors && message.text().startsWith('Failed to load resource'))) {
      consoleErrors.push(`${message.text()} (${message.location().url || page.url()})`);
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  await page.goto(new URL(hash, server.url).href);
  return page;
}

// Waits until the list ("problems" or "experts") shows the server's answer for
// exactly these filters.
async function waitForList(page, which, query = '') {
  const prefix = which === 'experts' ? 'expert' : 'problem';
  const list = page.locator(`[data-testid=${prefix}-list][data-state=ready][data-query="${query}"]`);
  await list.waitFor({ state: 'attached' });
  return list;
}

describe('KetNoi web UI', { skip: skipReason(), timeout: 10 * TEST_TIMEOUT_MS }, () => {
  before(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads in Vietnamese by default', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openPage();
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Bài toán công nghệ' })
      .waitFor({ state: 'visible' }));
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal((await page.getByTestId('tab-experts').innerText()).trim(), 'Chuyên gia');
    assert.equal(await page.getByTestId('lang-toggle-vi').getAttribute('aria-pressed'), 'true');
    await page.context().close();
  });

  it('switches to English and keeps the choice after a reload', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await openPage();
    await page.getByRole('heading', { level: 1, name: 'Bài toán công nghệ' }).waitFor();
    await page.getByTestId('lang-toggle-en').click();
    await page.getByRole('heading', { level: 1, name: 'Technology problems' }).waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal((await page.getByTestId('tab-experts').innerText()).trim(), 'Experts');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Technology problems' }).waitFor({ state: 'visible' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByTestId('tab-experts').click();
    await page.getByRole('heading', { level: 1, name: 'Expert directory' }).waitFor({ state: 'visible' });
    assert.match(page.url(), /#experts/);
    await page.context().close();
  });

  it('lists experts in the directory', { timeout: TEST_TIMEOUT_MS }, async () => {
    const all = await api('experts?limit=1');
    assert.ok(all.total >= 10, `the demo data should hold at least 10 experts, API says ${all.total}`);

    const page = await openPage();
    await page.getByTestId('tab-experts').click();
    await page.getByRole('heading', { level: 1, name: 'Danh bạ chuyên gia' }).waitFor();
    const list = await waitForList(page, 'experts');
    const cards = list.getByTestId('expert-card');
    assert.ok(await cards.count() >= 10, `expected ≥ 10 expert cards, saw ${await cards.count()}`);
    assert.equal(await cards.count(), Math.min(all.total, EXPERT_PAGE_SIZE));
    const range = await page.getByTestId('expert-range').innerText();
    const total = await page.evaluate((n) => new Intl.NumberFormat('vi-VN').format(n), all.total);
    assert.ok(range.endsWith(`trong số ${total}`), `range "${range}" should end with the total ${total}`);
    // Every card shows a name and where the expert lives.
    const first = cards.first();
    assert.ok((await first.getByTestId('expert-name').innerText()).trim().length > 0);
    assert.ok((await first.getByTestId('expert-location').innerText()).trim().length > 0);

    if (all.total > EXPERT_PAGE_SIZE) {
      // The next page continues the count: "25–48 trong số N".
      await page.getByTestId('expert-next').click();
      await page.locator('[data-testid=expert-list][data-state=ready][data-offset="24"]').waitFor({ state: 'attached' });
      const second = await api(`experts?offset=${EXPERT_PAGE_SIZE}&limit=${EXPERT_PAGE_SIZE}`);
      assert.equal(await cards.count(), second.items.length);
      const next = await page.getByTestId('expert-range').innerText();
      assert.ok(next.startsWith(`${EXPERT_PAGE_SIZE + 1}–${EXPERT_PAGE_SIZE + second.items.length} `), `range "${next}"`);
      assert.equal((await cards.first().getByTestId('expert-name').innerText()).trim(), second.items[0].full_name);
      assert.match(page.url(), /page=2/);
    }
    await page.context().close();
  });

  it('filters experts by country (Japan)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const japan = await api('experts?country=JP&limit=1');
    assert.ok(japan.total > 0, 'the demo data should hold experts living in Japan');

    const page = await openPage(DESKTOP, '#experts');
    await waitForList(page, 'experts');
    await page.getByRole('combobox', { name: 'Quốc gia' }).selectOption('JP');
    const list = await waitForList(page, 'experts', 'country=JP');

    assert.equal(await list.getAttribute('data-total'), String(japan.total));
    const range = await page.getByTestId('expert-range').innerText();
    assert.ok(range.endsWith(`trong số ${japan.total}`), `range "${range}" should end with ${japan.total}`);
    const cards = list.getByTestId('expert-card');
    assert.equal(await cards.count(), Math.min(japan.total, EXPERT_PAGE_SIZE));
    const japanName = await page.evaluate(() => new Intl.DisplayNames(['vi-VN'], { type: 'region' }).of('JP'));
    for (const card of await cards.all()) {
      assert.equal(await card.getAttribute('data-country'), 'JP');
      const where = await card.getByTestId('expert-location').innerText();
      assert.ok(where.includes(japanName), `card location "${where}" should name ${japanName}`);
    }
    assert.match(page.url(), /country=JP/);
    await page.context().close();
  });

  it('finds an expert by a name typed without diacritics, and opens the profile', { timeout: TEST_TIMEOUT_MS }, async () => {
    // An expert with diacritics in the name, and the fewest leading words of the
    // plain name that differ from the real name and bring the expert onto page 1.
    const { items } = await api('experts?limit=1000');
    const candidates = items
      .filter((e) => stripDiacritics(e.full_name) !== e.full_name)
      .sort((a, b) => Number(stripDiacritics(b.full_name.split(/\s+/)[0]) !== b.full_name.split(/\s+/)[0])
        - Number(stripDiacritics(a.full_name.split(/\s+/)[0]) !== a.full_name.split(/\s+/)[0]));
    assert.ok(candidates.length > 0, 'the demo data should hold an expert whose name has diacritics');
    let expert = null;
    let typed = '';
    search: for (const candidate of candidates.slice(0, 10)) {
      const words = candidate.full_name.trim().split(/\s+/);
      for (let n = 1; n <= words.length; n += 1) {
        const original = words.slice(0, n).join(' ');
        const plain = stripDiacritics(original);
        if (plain === original) continue;
        const found = await api(`experts?q=${encodeURIComponent(plain)}&limit=${EXPERT_PAGE_SIZE}`);
        if (found.total <= EXPERT_PAGE_SIZE && found.items.some((e) => e.id === candidate.id)) {
          expert = candidate;
          typed = plain;
          break search;
        }
      }
    }
    assert.ok(expert, 'the API should find an expert by the leading words of the name without diacritics '
      + `(tried ${candidates.slice(0, 10).map((e) => e.full_name).join(', ')})`);

    const page = await openPage(DESKTOP, '#experts');
    await waitForList(page, 'experts');
    const box = page.getByRole('searchbox', { name: 'Tìm theo tên' });
    await box.click();
    await box.pressSequentially(typed, { delay: 20 });
    const list = await waitForList(page, 'experts', new URLSearchParams({ q: typed }).toString());
    const card = list.locator(`[data-testid=expert-card][data-expert-id="${expert.id}"]`);
    await card.waitFor({ state: 'visible' });
    assert.equal((await card.getByTestId('expert-name').innerText()).trim(), expert.full_name);

    // Open the profile with the keyboard.
    await card.getByTestId('expert-open').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('detail-panel');
    await panel.waitFor({ state: 'visible' });
    assert.equal((await panel.getByTestId('detail-title').innerText()).trim(), expert.full_name);
    await panel.getByTestId('expert-bio').waitFor({ state: 'visible' });
    const works = await api(`works?expert=${expert.id}&limit=1`);
    if (works.total > 0) {
      await panel.getByTestId('work-item').first().waitFor({ state: 'visible' });
      assert.equal(await panel.getByTestId('work-item').count(), Math.min(works.total, 100));
    }
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('lists problems and opens one to show its description', { timeout: TEST_TIMEOUT_MS }, async () => {
    const firstPage = await api('problems?offset=0&limit=12');
    assert.ok(firstPage.total > 0, 'the demo data should hold problems');
    const withText = (p) => p.confidentiality === 'public' && (p.description?.vi || p.description?.en);
    const problem = firstPage.items.find(withText);
    assert.ok(problem, 'the first page of problems should hold a public one with a description');

    const page = await openPage();
    const list = await waitForList(page, 'problems');
    assert.equal(await list.getByTestId('problem-card').count(), firstPage.items.length);

    const card = list.locator(`[data-testid=problem-card][data-problem-id="${problem.id}"]`);
    if (problem.budget?.amount != null && problem.budget.currency) {
      const expected = await page.evaluate(({ amount, currency }) => new Intl.NumberFormat('vi-VN',
        { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount), problem.budget);
      assert.equal((await card.getByTestId('problem-budget').innerText()).trim(), expected.trim());
    }
    await card.getByTestId('problem-open').click();
    const panel = page.getByTestId('detail-panel');
    await panel.waitFor({ state: 'visible' });
    const description = panel.getByTestId('problem-description');
    await description.waitFor({ state: 'visible' });
    const text = (problem.description.vi || problem.description.en).replace(/\s+/g, ' ').trim();
    const shown = (await description.innerText()).replace(/\s+/g, ' ').trim();
    assert.ok(shown.startsWith(text.slice(0, 60)), `description should start with "${text.slice(0, 60)}", got "${shown.slice(0, 80)}"`);
    assert.match(page.url(), new RegExp(`#problems/${problem.id}`));

    await panel.getByTestId('detail-close').click();
    await panel.waitFor({ state: 'hidden' });

    // Problems whose confidentiality is summary_only never show their description.
    for (const card2 of await list.locator('[data-confidentiality=summary_only]').all()) {
      await card2.getByTestId('problem-open').click();
      await panel.waitFor({ state: 'visible' });
      assert.equal(await panel.getByTestId('problem-description').count(), 0);
      await panel.getByTestId('problem-restricted-note').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    }
    await page.context().close();
  });

  it('filters problems by technology group and status', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { items: problems } = await api('problems?limit=1000');
    const counts = new Map();
    for (const p of problems) for (const g of p.group_ids || []) counts.set(g, (counts.get(g) || 0) + 1);
    const [groupId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] || [];
    assert.ok(groupId, 'the demo problems should be tagged with technology groups');
    const group = await api(`taxonomy/groups/${groupId}`);
    const expected = await api(`problems?group=${groupId}&limit=1`);

    const page = await openPage(DESKTOP, '#problems');
    await waitForList(page, 'problems');
    await page.getByRole('combobox', { name: 'Nhóm công nghệ' }).selectOption(String(groupId));
    const list = await waitForList(page, 'problems', `group=${groupId}`);
    assert.equal(await list.getAttribute('data-total'), String(expected.total));
    for (const card of await list.getByTestId('problem-card').all()) {
      assert.ok((await card.innerText()).includes(group.name.vi), `each card should name the group "${group.name.vi}"`);
    }

    const open = await api(`problems?group=${groupId}&status=open&limit=1`);
    await page.getByRole('combobox', { name: 'Trạng thái' }).selectOption('open');
    const both = await waitForList(page, 'problems', `status=open&group=${groupId}`);
    assert.equal(await both.getAttribute('data-total'), String(open.total));
    for (const badge of await both.getByTestId('status-badge').all()) {
      assert.equal((await badge.innerText()).trim(), 'Đang mở');
    }
    await page.context().close();
  });

  it('shows the server\'s error message when a request fails', { timeout: TEST_TIMEOUT_MS }, async () => {
    const response = await fetch(new URL('api/v1/experts?chapter=NO-SUCH-CHAPTER', server.url));
    assert.ok(!response.ok, 'an unknown chapter code should be rejected');
    const { error } = await response.json();

    const page = await openPage(DESKTOP, '#experts?chapter=NO-SUCH-CHAPTER', { expectHttpErrors: true });
    const box = page.getByTestId('expert-error');
    await box.waitFor({ state: 'visible' });
    assert.ok((await box.innerText()).includes(error.message), `the page should show "${error.message}"`);
    await page.getByTestId('expert-filter-reset').click();
    const list = await waitForList(page, 'experts');
    assert.ok(await list.getByTestId('expert-card').count() > 0);
    assert.ok(await box.isHidden());
    await page.context().close();
  });

  it('renders on desktop and a 375 px phone without horizontal scrolling (screenshots)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const shots = [];
    for (const [name, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
      for (const view of ['problems', 'experts']) {
        const page = await openPage(viewport, `#${view}`);
        await waitForList(page, view);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} ${view}: page is ${overflow}px wider than the viewport`);
        const file = path.join(os.tmpdir(), `ketnoi-e2e-${name}-${view}.png`);
        await page.screenshot({ path: file, animations: 'disabled' });
        shots.push(file);
        if (view === 'experts') {
          await page.getByTestId('expert-open').first().click();
          await page.getByTestId('detail-panel').waitFor({ state: 'visible' });
          await page.getByTestId('work-item').first().waitFor({ state: 'visible' }).catch(() => {});
          const detailFile = path.join(os.tmpdir(), `ketnoi-e2e-${name}-expert-detail.png`);
          await page.screenshot({ path: detailFile, animations: 'disabled' });
          shots.push(detailFile);
        }
        await page.context().close();
      }
    }
    console.log(`screenshots:\n  ${shots.join('\n  ')}`);
  });

  it('shows matching experts with score, reasons and evidence in a problem panel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { problem, matches } = await problemWithMatches();
    assert.ok(problem, 'some demo problem should have ≥ 3 matching experts with reasons and marked evidence');
    const org = await api(`organizations/${problem.organization_id}`);
    // The server leaves out the commissioning organisation's own experts.
    for (const m of matches.items) {
      assert.ok(!(m.expert.affiliations || []).some((a) => a.current && a.organization_id === problem.organization_id),
        `expert ${m.expert.id} works at the commissioning organisation ${org.name} and should not be suggested`);
    }

    const page = await openPage(DESKTOP, `#problems/${problem.id}`);
    const panel = page.getByTestId('detail-panel');
    await panel.waitFor({ state: 'visible' });
    const results = await waitForMatches(page, 'problem-matches-results');
    const items = results.getByTestId('match-item');
    assert.equal(await items.count(), matches.items.length);
    assert.ok(await items.count() >= 3, `expected ≥ 3 matching experts, saw ${await items.count()}`);
    assert.ok((await panel.getByTestId('match-coi-note').innerText()).includes(org.name),
      'the panel should say that the commissioning organisation\'s experts are left out');

    // The UI's ranking is the API's, best first.
    const top = items.first();
    assert.equal(await top.getAttribute('data-expert-id'), String(matches.items[0].expert.id));
    assert.equal((await top.getByTestId('match-expert-name').innerText()).trim(), matches.items[0].expert.full_name);

    for (let i = 0; i < 3; i += 1) {
      const item = items.nth(i);
      const expected = matches.items[i];
      const score = item.getByTestId('match-score');
      const percent = Math.round(expected.score * 100);
      assert.equal(await score.getAttribute('role'), 'meter');
      assert.equal(await score.getAttribute('aria-valuenow'), String(percent));
      assert.equal(await score.getAttribute('aria-label'), 'Mức độ phù hợp');
      assert.match((await score.innerText()).replace(/\s/g, ''), new RegExp(`^${percent}%$`));
      const terms = item.getByTestId('match-term');
      assert.ok(await terms.count() > 0, `expert ${expected.expert.id} should show why-terms`);
      assert.ok((await terms.first().innerText()).includes(expected.terms[0].term));
      assert.equal(await item.getByTestId('match-work').count(), Math.min(3, expected.works.length));
    }
    // Evidence: titles and snippets with the matched words highlighted as <mark>.
    const marks = top.getByTestId('match-work').locator('mark');
    assert.ok(await marks.count() > 0, 'the best expert\'s evidence should highlight matched words');
    const firstWork = matches.items[0].works[0];
    const shownTitle = (await top.getByTestId('match-work-title').first().innerText()).replace(/\s+/g, ' ').trim();
    const apiTitle = firstWork.title.replace(/<\/?mark>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
    assert.equal(shownTitle, apiTitle);
    assert.equal(await top.locator('script, img, iframe').count(), 0);

    // A filter narrows the list to the API's answer for the same filter.
    const country = matches.items[0].expert.country;
    const filtered = await api(`problems/${problem.id}/matches?k=10&country=${country}`);
    await panel.getByRole('combobox', { name: 'Quốc gia' }).selectOption(country);
    const narrowed = await waitForMatches(page, 'problem-matches-results', `country=${country}`);
    assert.equal(await narrowed.getByTestId('match-item').count(), filtered.items.length);
    for (const item of await narrowed.getByTestId('match-item').all()) {
      assert.equal(await item.getAttribute('data-country'), country);
    }
    assert.equal(await narrowed.getByTestId('match-item').first().getAttribute('data-expert-id'),
      String(filtered.items[0].expert.id));

    // The name opens the expert's profile; "Back" returns to the problem and its matches.
    await narrowed.getByTestId('match-expert-open').first().click();
    await panel.getByTestId('detail-title').filter({ hasText: filtered.items[0].expert.full_name }).waitFor();
    assert.match(page.url(), new RegExp(`#problems/expert-${filtered.items[0].expert.id}`));
    await panel.getByTestId('detail-back').click();
    await waitForMatches(page, 'problem-matches-results', `country=${country}`);
    assert.match(page.url(), new RegExp(`#problems/${problem.id}$`));
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('finds experts for a Vietnamese statement typed without diacritics', { timeout: TEST_TIMEOUT_MS }, async () => {
    const text = 'thiet ke vi mach tuong tu cong suat thap cho cam bien';
    const expected = await apiPost('match', { text, k: 10 });
    assert.ok(expected.items.length > 0, `POST /match should find experts for "${text}"`);

    const page = await openPage(DESKTOP, '#problems');
    await page.getByTestId('tab-find').click();
    await page.getByRole('heading', { level: 1, name: 'Tìm chuyên gia cho bài toán' }).waitFor();
    // An empty statement is refused before asking the server.
    await page.getByTestId('find-submit').click();
    await page.getByTestId('find-text-error').waitFor({ state: 'visible' });

    const box = page.getByRole('textbox', { name: 'Mô tả bài toán' });
    await box.click();
    await box.pressSequentially(text, { delay: 5 });
    await page.keyboard.press('Control+Enter');
    const query = new URLSearchParams({ text }).toString();
    const results = await waitForMatches(page, 'find-results', query);
    assert.ok(await page.getByTestId('find-text-error').isHidden());
    const items = results.getByTestId('match-item');
    assert.equal(await items.count(), expected.items.length);
    const first = items.first();
    assert.equal(await first.getAttribute('data-expert-id'), String(expected.items[0].expert.id));
    assert.equal((await first.getByTestId('match-expert-name').innerText()).trim(), expected.items[0].expert.full_name);

    // The evidence is relevant: the highlighted words are words of the statement.
    const words = new Set(text.split(/\s+/));
    const marked = (await first.locator('mark').allInnerTexts()).map((w) => stripDiacritics(w).toLowerCase());
    assert.ok(marked.length > 0, 'the first expert\'s evidence should highlight matched words');
    assert.ok(marked.some((w) => w.split(/[\s-]+/).some((part) => words.has(part))),
      `highlighted words ${JSON.stringify(marked)} should include words of "${text}"`);

    // The search is in the address, so a shared link shows the same experts.
    assert.ok(page.url().includes(`#find?${query}`), `URL ${page.url()} should keep the statement`);
    const shared = await openPage(MOBILE, `#find?${query}`);
    const again = await waitForMatches(shared, 'find-results', query);
    assert.equal(await again.getByTestId('match-item').first().getAttribute('data-expert-id'),
      String(expected.items[0].expert.id));
    assert.equal(await shared.getByRole('textbox', { name: 'Mô tả bài toán' }).inputValue(), text);
    await shared.context().close();
    await page.context().close();
  });

  it('lists the problems that fit an expert in the expert panel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { items: experts } = await api('experts?limit=1000');
    let expert = null;
    let fits = null;
    for (const e of experts) {
      const answer = await api(`experts/${e.id}/problems?k=10`);
      if (answer.items.length >= 2) {
        expert = e;
        fits = answer;
        break;
      }
    }
    assert.ok(expert, 'some demo expert should have problems that fit');

    const page = await openPage(DESKTOP, `#experts/${expert.id}`);
    const panel = page.getByTestId('detail-panel');
    await panel.getByTestId('expert-problem-item').first().waitFor({ state: 'visible' });
    const rows = panel.getByTestId('expert-problem-item');
    assert.equal(await rows.count(), fits.items.length);
    const best = fits.items[0];
    const row = rows.first();
    assert.equal(await row.getAttribute('data-problem-id'), String(best.problem.id));
    const title = best.problem.title.vi || best.problem.title.en;
    assert.equal((await row.getByTestId('expert-problem-open').innerText()).trim(), title.trim());
    assert.equal(await row.getByTestId('expert-problem-score').getAttribute('aria-valuenow'),
      String(Math.round(best.score * 100)));
    await row.getByTestId('status-badge').waitFor({ state: 'visible' });

    // A problem opens over the expert; "Back" returns to the expert.
    await row.getByTestId('expert-problem-open').click();
    await panel.getByTestId('detail-title').filter({ hasText: title.trim() }).waitFor();
    await panel.getByTestId('problem-matches').waitFor({ state: 'visible' });
    await panel.getByTestId('detail-back').click();
    await panel.getByTestId('detail-title').filter({ hasText: expert.full_name }).waitFor();
    await page.context().close();
  });

  it('renders matching on desktop and a 375 px phone (screenshots)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { problem } = await problemWithMatches();
    assert.ok(problem);
    const text = 'thiet ke vi mach tuong tu cong suat thap cho cam bien';
    const { items: fits } = await apiPost('match', { text, k: 1 });
    const shots = [];
    for (const [name, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
      const page = await openPage(viewport, `#problems/${problem.id}`);
      const results = await waitForMatches(page, 'problem-matches-results');
      await page.getByTestId('jump-to-matches').click();
      await results.getByTestId('match-item').first().scrollIntoViewIfNeeded();
      const inner = await page.evaluate(() => {
        const el = document.querySelector('.drawer-inner');
        return el.scrollWidth - el.clientWidth;
      });
      assert.ok(inner <= 0, `${name}: the problem panel is ${inner}px wider than its box`);
      let file = path.join(os.tmpdir(), `ketnoi-e2e-${name}-problem-matches.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      shots.push(file);
      await page.context().close();

      const find = await openPage(viewport, `#find?${new URLSearchParams({ text })}`);
      await waitForMatches(find, 'find-results', new URLSearchParams({ text }).toString());
      const overflow = await find.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} find: page is ${overflow}px wider than the viewport`);
      file = path.join(os.tmpdir(), `ketnoi-e2e-${name}-find.png`);
      await find.screenshot({ path: file, animations: 'disabled', fullPage: true });
      shots.push(file);
      await find.context().close();

      const expertPage = await openPage(viewport, `#experts/${fits[0].expert.id}`);
      const section = expertPage.getByTestId('expert-problems-section');
      await section.locator('[data-testid=expert-problem-item], [data-testid=expert-problems-empty]').first().waitFor();
      await section.scrollIntoViewIfNeeded();
      file = path.join(os.tmpdir(), `ketnoi-e2e-${name}-expert-problems.png`);
      await expertPage.screenshot({ path: file, animations: 'disabled' });
      shots.push(file);
      await expertPage.context().close();
    }
    console.log(`screenshots:\n  ${shots.join('\n  ')}`);
  });

  // The tests from here on change the shared demo database (an expert's curation of works,
  // imported experts), so they come last; the tests above read their expectations from
  // the API and do not depend on it either.
  it('hides a work from matching and marks a key work in the expert panel', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { expert, work, matches } = await expertWorkFoundByTitle();
    assert.ok(expert, 'some demo expert should have a co-authored work that POST /match finds by its title');
    assert.ok(evidenceWorkIds(matches, expert.id).includes(work.id),
      `before hiding, work ${work.id} is among expert ${expert.id}'s evidence for its own title`);

    const page = await openPage(DESKTOP, `#experts/${expert.id}`);
    const panel = page.getByTestId('detail-panel');
    const item = panel.locator(`[data-testid=work-item][data-work-id="${work.id}"]`);
    await item.waitFor({ state: 'visible' });
    assert.equal(await item.getAttribute('data-hidden'), 'false');
    assert.equal(await panel.getByTestId('works-hidden-count').count(), 0, 'no work is hidden yet');
    const hide = item.getByRole('button', { name: `Ẩn khỏi ghép nối: ${work.title}` });
    const key = item.getByRole('button', { name: `Đánh dấu tiêu biểu: ${work.title}` });
    assert.equal(await hide.getAttribute('aria-pressed'), 'false');
    assert.equal(await key.getAttribute('aria-pressed'), 'false');
    assert.equal(await item.getByTestId('work-key-badge').count(), 0);

    // Hide it with the keyboard: the work is muted and says so, the count appears above
    // the list, and the focus stays on the button. Matching now leaves the work out for this
    // expert, so the panel asks again for the problems that fit them.
    const refreshed = page.waitForResponse((r) => r.url().includes(`/api/v1/experts/${expert.id}/problems`));
    await hide.focus();
    await page.keyboard.press('Enter');
    await panel.locator(`[data-testid=work-item][data-work-id="${work.id}"][data-hidden=true]`).waitFor();
    await refreshed;
    const fits = (await api(`experts/${expert.id}/problems?k=10`)).items.map((f) => [String(f.problem.id), String(f.score)]);
    await page.waitForFunction((expected) => JSON.stringify(
      [...document.querySelectorAll('[data-testid=expert-problem-item]')].map((el) => [
        el.dataset.problemId, el.querySelector('[data-testid=expert-problem-score]').dataset.score])) === expected,
    JSON.stringify(fits));
    if (fits.length === 0) await panel.getByTestId('expert-problems-empty').waitFor();
    assert.equal(await hide.getAttribute('aria-pressed'), 'true');
    assert.equal((await item.getByTestId('work-hidden-note').innerText()).trim(), 'Đã ẩn khỏi ghép nối');
    const count = panel.getByTestId('works-hidden-count');
    assert.equal((await count.innerText()).trim(), '1 công trình đã ẩn khỏi ghép nối.');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'work-hide-toggle');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.workId), String(work.id));
    const order = await panel.getByTestId('work-item').evaluateAll((els) => els.map((el) => el.dataset.workId));
    const { items: works } = await api(`works?expert=${expert.id}&limit=100`);
    const newestFirst = [...works].sort((a, b) => (b.year || 0) - (a.year || 0)).map((w) => String(w.id));
    assert.deepEqual(order, newestFirst, 'the list keeps its order, newest first');

    // The server has it: only this expert's entry changed, and matching ignores the work
    // for this expert.
    assertOnlyExpertChanged(await api(`works/${work.id}`), work, expert.id, { hidden: true });
    const hidden = await apiPost('match', { text: work.title, k: 100 });
    assert.ok(!evidenceWorkIds(hidden, expert.id).includes(work.id),
      `after hiding, work ${work.id} should not be among expert ${expert.id}'s evidence: ${JSON.stringify(evidenceWorkIds(hidden, expert.id))}`);

    // Show it again, then mark it as a key work (with the mouse).
    await hide.click();
    await panel.locator(`[data-testid=work-item][data-work-id="${work.id}"][data-hidden=false]`).waitFor();
    assert.equal(await hide.getAttribute('aria-pressed'), 'false');
    assert.equal(await item.getByTestId('work-hidden-note').count(), 0);
    assert.equal(await count.count(), 0);
    assertOnlyExpertChanged(await api(`works/${work.id}`), work, expert.id, {});
    assert.ok(evidenceWorkIds(await apiPost('match', { text: work.title, k: 100 }), expert.id).includes(work.id),
      `shown again, work ${work.id} is back among expert ${expert.id}'s evidence`);

    await key.click();
    await panel.locator(`[data-testid=work-item][data-work-id="${work.id}"][data-key=true]`).waitFor();
    assert.equal(await key.getAttribute('aria-pressed'), 'true');
    assert.equal((await item.getByTestId('work-key-badge').innerText()).trim(), 'Tiêu biểu');
    assert.equal(await item.getAttribute('data-hidden'), 'false');
    assertOnlyExpertChanged(await api(`works/${work.id}`), work, expert.id, { key: true });

    // Opened again, in English, the panel shows what the server keeps.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.getByTestId('lang-toggle-en').click();
    await page.goto(new URL(`#experts/${expert.id}`, server.url).href);
    await item.getByRole('button', { name: `Mark as key work: ${work.title}`, pressed: true }).waitFor();
    assert.equal((await item.getByTestId('work-key-badge').innerText()).trim(), 'Key work');
    assert.equal(await item.getByRole('button', { name: `Hide from matching: ${work.title}`, pressed: false }).count(), 1);
    await page.context().close();

    // Leave the demo data as it was.
    assertOnlyExpertChanged(await apiPatch(`works/${work.id}`, { authors: work.authors }), work, expert.id, {});
  });

  it('leaves a work as it was and shows the server\'s message when a change fails', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { items: experts } = await api('experts?limit=1000');
    const expert = [...experts].sort((a, b) => a.id - b.id)[0];
    const work = await apiPost('works', {
      kind: 'publication', title: 'Công trình thử nghiệm e2e sẽ bị xoá', year: 2020,
      authors: [{ name: expert.full_name, expert_id: expert.id }, { name: 'Người Ngoài Danh Bạ' }],
    });

    const page = await openPage(DESKTOP, `#experts/${expert.id}`, { expectHttpErrors: true });
    const panel = page.getByTestId('detail-panel');
    const item = panel.locator(`[data-testid=work-item][data-work-id="${work.id}"]`);
    await item.waitFor({ state: 'visible' });
    const key = item.getByTestId('work-key-toggle');
    const hide = item.getByTestId('work-hide-toggle');

    // The server answers with an error (intercepted): while the request is out, the
    // work's buttons are disabled; then the message shows and nothing changed.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let requested;
    const seen = new Promise((resolve) => { requested = resolve; });
    const message = 'Máy chủ đang bận, hãy thử lại sau.';
    const authorPath = `**/api/v1/works/${work.id}/authors/${expert.id}`;
    await page.route(authorPath, async (route) => {
      requested(route.request());
      await held;
      await route.fulfill({
        status: 500, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message, field: null } }),
      });
    });
    await key.click();
    const request = await seen;
    assert.equal(request.method(), 'PATCH');
    assert.deepEqual(request.postDataJSON(), { key: true }, 'only the expert\'s own entry is sent');
    assert.ok(await key.isDisabled(), 'the button is disabled while the change is saved');
    assert.ok(await hide.isDisabled());
    assert.equal(await item.getAttribute('aria-busy'), 'true');
    release();
    const error = item.getByTestId('work-error');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.ok((await error.innerText()).includes(message), `"${await error.innerText()}" should carry "${message}"`);
    assert.equal(await key.getAttribute('aria-pressed'), 'false');
    assert.ok(await key.isEnabled());
    assert.equal(await item.getAttribute('data-key'), 'false');
    assert.equal(await item.getByTestId('work-key-badge').count(), 0);
    await page.unroute(authorPath);

    // The work is deleted meanwhile: the server's own message, and the work stays shown.
    await apiDelete(`works/${work.id}`);
    const gone = await fetch(new URL(`api/v1/works/${work.id}`, server.url));
    assert.equal(gone.status, 404);
    const { error: notFound } = await gone.json();
    await hide.click();
    await item.locator('[data-testid=work-error]', { hasText: notFound.message }).waitFor({ state: 'visible' });
    assert.equal(await hide.getAttribute('aria-pressed'), 'false');
    assert.ok(await hide.isEnabled());
    assert.equal(await item.getAttribute('data-hidden'), 'false');
    assert.equal(await item.getByTestId('work-hidden-note').count(), 0);
    assert.equal(await panel.getByTestId('works-hidden-count').count(), 0);
    await page.context().close();
  });

  it('imports a CSV of experts: a dry run writes nothing, the real import queues an identity review, "Keep apart" decides it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { expert: twin, organization } = await expertWithTwinData();
    assert.ok(twin, 'the demo data should hold an expert with a unique name and a current affiliation');
    const newcomer = 'Đinh Thị Hư Cấu';
    assert.equal((await api(`experts?q=${encodeURIComponent(newcomer)}&limit=1`)).total, 0);
    const csv = expertsCsv([
      [twin.full_name, twin.country, organization.name],
      [newcomer, 'VN', 'Viện Thử nghiệm Hư cấu KetNoi'],
    ]);
    const file = 'chuyen-gia-e2e.csv';
    const expected = await apiImport('csv', { kind: 'experts', dry_run: 'true', file }, csv);
    assert.equal(expected.created, 2, `both people are new experts: ${JSON.stringify(expected)}`);
    assert.ok(expected.queued_for_review >= 1, `the namesake should be queued for review: ${JSON.stringify(expected)}`);
    const expertsBefore = (await api('experts?limit=1')).total;
    const openBefore = new Set((await api('identity-reviews?status=open&limit=1000')).items.map((r) => r.id));

    const page = await openPage(DESKTOP, '#problems');
    await page.getByTestId('tab-import').click();
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu' }).waitFor();
    assert.match(page.url(), /#import$/);
    await page.locator('[data-testid=review-list][data-state=ready]').waitFor({ state: 'attached' });
    const dryRun = page.getByRole('checkbox', { name: 'Chạy thử (không ghi)' });
    assert.ok(await dryRun.isChecked(), 'a dry run is the default');
    await page.getByLabel('Tệp dữ liệu').setInputFiles({ name: file, mimeType: 'text/csv', buffer: csv });
    await page.getByRole('combobox', { name: 'Định dạng' }).selectOption('csv-experts');
    await page.getByTestId('import-submit').click();

    // The dry run's report: the counts the server would produce, and nothing written.
    const report = page.locator('[data-testid=import-report][data-state=ready][data-dry-run=true]');
    await report.waitFor({ state: 'visible' });
    assert.equal((await report.getByTestId('import-report-title').innerText()).trim(),
      `Chạy thử ${file}: chưa ghi gì vào cơ sở dữ liệu`);
    const count = async (name) => {
      const stat = report.getByTestId(`import-count-${name}`);
      return { value: Number(await stat.getAttribute('data-value')), text: (await stat.locator('dd').innerText()).trim() };
    };
    assert.deepEqual(await count('read'), { value: 2, text: '2' });
    assert.deepEqual(await count('experts-created'), { value: 2, text: '2' });
    assert.equal((await count('queued')).value, expected.queued_for_review);
    assert.equal((await count('rejected')).value, 0);
    assert.ok((await report.getByTestId('import-count-queued').innerText()).includes('Chờ xét duyệt'));
    assert.equal((await api('experts?limit=1')).total, expertsBefore, 'a dry run must not add experts');
    assert.equal((await api(`experts?q=${encodeURIComponent(newcomer)}&limit=1`)).total, 0);

    // The real import.
    await dryRun.uncheck();
    await page.getByTestId('import-submit').click();
    const done = page.locator('[data-testid=import-report][data-state=ready][data-dry-run=false]');
    await done.waitFor({ state: 'visible' });
    assert.equal((await done.getByTestId('import-report-title').innerText()).trim(), `Đã nhập ${file}`);
    assert.equal(await done.getByTestId('import-count-experts-created').getAttribute('data-value'), '2');
    assert.equal(await done.getByTestId('import-count-queued').getAttribute('data-value'), String(expected.queued_for_review));
    assert.equal((await api('experts?limit=1')).total, expertsBefore + 2);

    const open = (await api('identity-reviews?status=open&limit=1000')).items;
    const review = open.find((r) => !openBefore.has(r.id) && r.expert_id === twin.id);
    assert.ok(review, `a review should pair expert ${twin.id} with the imported namesake: ${JSON.stringify(open)}`);

    // The queue shows the pair side by side, with the name agreement and the reasons.
    const item = page.locator(`[data-testid=review-item][data-review-id="${review.id}"]`);
    await item.waitFor({ state: 'visible' });
    assert.equal(await item.getAttribute('data-candidate-id'), String(review.candidate_id));
    assert.equal((await item.getByTestId('review-existing').getByTestId('review-name').innerText()).trim(), twin.full_name);
    assert.equal((await item.getByTestId('review-candidate').getByTestId('review-name').innerText()).trim(), twin.full_name);
    assert.ok((await item.getByTestId('review-existing').innerText()).includes(organization.name));
    if (NAME_MATCH_VI[review.name_match]) {
      assert.equal((await item.getByTestId('review-name-match').innerText()).trim(), NAME_MATCH_VI[review.name_match]);
    }
    const reasons = await item.getByTestId('review-reasons').innerText();
    assert.ok(reasons.includes(`Cùng nơi công tác: ${organization.name}`), `reasons "${reasons}"`);

    // The existing expert's name opens the expert's panel over the view.
    await item.getByTestId('review-existing').getByTestId('review-expert-open').click();
    const panel = page.getByTestId('detail-panel');
    await panel.getByTestId('detail-title').filter({ hasText: twin.full_name }).waitFor();
    assert.match(page.url(), new RegExp(`#import/expert-${twin.id}$`));
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => location.hash === '#import'); // the panel's segment leaves the address

    const file1 = path.join(os.tmpdir(), 'ketnoi-e2e-desktop-import.png');
    await page.screenshot({ path: file1, animations: 'disabled', fullPage: true });
    console.log(`screenshot: ${file1}`);

    // "Keep apart": the pair leaves the queue, a confirmation appears, the server has it.
    await item.getByTestId('review-keep-apart').click();
    await item.waitFor({ state: 'detached' });
    const notice = page.getByTestId('review-notice-ok');
    await notice.waitFor({ state: 'visible' });
    assert.equal((await notice.innerText()).trim(), `Đã giữ riêng ${twin.full_name} và ${twin.full_name}.`);
    const kept = await api('identity-reviews?status=kept_apart&limit=1000');
    const decided = kept.items.find((r) => r.id === review.id);
    assert.ok(decided, `review ${review.id} should be kept apart`);
    assert.ok(decided.decided_at);
    // Both people stay in the directory.
    await api(`experts/${review.candidate_id}`);
    await api(`experts/${twin.id}`);
    await page.context().close();
  });

  it('shows the rejected records of a broken BibTeX file, and the form\'s own errors', { timeout: TEST_TIMEOUT_MS }, async () => {
    const bib = Buffer.from([
      '@article{tran2021,',
      '  title = {Low-power analogue front-ends},',
      '  author = {Tran, Bao},',
      '  year = {2021}',
      '}',
      '@article{broken2022,',
      '  title = {A title that never ends,',
      '  year = {2022}',
      '',
    ].join('\n'), 'utf8');
    const file = 'cong-trinh-hong.bib';
    const expected = await apiImport('bibtex', { dry_run: 'true', file }, bib);
    assert.ok(expected.rejected.length >= 1, `the broken entry should be rejected: ${JSON.stringify(expected)}`);
    const rejected = expected.rejected[0];
    const worksBefore = (await api('works?limit=1')).total;

    const page = await openPage(MOBILE, '#import');
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu' }).waitFor();
    // No file chosen: the form says so, without asking the server.
    await page.getByTestId('import-submit').click();
    const error = page.getByTestId('import-error');
    await error.waitFor({ state: 'visible' });
    assert.equal((await error.innerText()).trim(), 'Hãy chọn tệp cần nhập.');

    // The format follows the file's name.
    await page.getByLabel('Tệp dữ liệu').setInputFiles({ name: file, mimeType: 'application/x-bibtex', buffer: bib });
    assert.equal(await page.getByRole('combobox', { name: 'Định dạng' }).inputValue(), 'bibtex');
    assert.ok(await error.isHidden(), 'choosing a file clears the error');
    await page.getByTestId('import-submit').click();
    const report = page.locator('[data-testid=import-report][data-state=ready]');
    await report.waitFor({ state: 'visible' });
    assert.equal(await report.getAttribute('data-dry-run'), 'true');
    assert.equal(await report.getByTestId('import-count-rejected').getAttribute('data-value'), String(expected.rejected.length));
    assert.equal(await report.getByTestId('import-count-read').getAttribute('data-value'), String(expected.records_read));
    const rows = report.getByTestId('import-rejected-row');
    assert.equal(await rows.count(), expected.rejected.length);
    assert.equal((await rows.first().getByTestId('import-rejected-where').innerText()).trim(), `${file}:${rejected.line}`);
    assert.equal((await rows.first().getByTestId('import-rejected-reason').innerText()).trim(), rejected.reason);
    assert.ok((await report.getByRole('columnheader').allInnerTexts()).map((x) => x.trim()).includes('Lý do'));
    assert.equal((await api('works?limit=1')).total, worksBefore, 'a dry run must not add works');

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `mobile import: page is ${overflow}px wider than the viewport`);
    await report.scrollIntoViewIfNeeded();
    const shot = path.join(os.tmpdir(), 'ketnoi-e2e-mobile-import-report.png');
    await page.screenshot({ path: shot, animations: 'disabled' });
    console.log(`screenshot: ${shot}`);

    // The report is redrawn in English without asking the server again.
    await page.getByTestId('lang-toggle-en').click();
    await page.getByRole('heading', { level: 1, name: 'Import data' }).waitFor();
    assert.equal((await report.getByTestId('import-report-title').innerText()).trim(), `Dry run of ${file}: nothing was written`);
    assert.ok((await report.getByRole('columnheader').allInnerTexts()).map((x) => x.trim()).includes('Reason'));
    await page.context().close();
  });

  it('says so when a review was decided elsewhere, and shows an empty queue (mobile)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const used = new Set((await api('identity-reviews?limit=1000')).items.map((r) => r.expert_id));
    const { expert: twin, organization } = await expertWithTwinData(used);
    assert.ok(twin, 'the demo data should hold another expert with a unique name and a current affiliation');
    const report = await apiImport('csv', { kind: 'experts', dry_run: 'false', file: 'twin.csv' },
      expertsCsv([[twin.full_name, twin.country, organization.name]]));
    assert.ok(report.queued_for_review >= 1, JSON.stringify(report));
    const review = (await api('identity-reviews?status=open&limit=1000')).items.find((r) => r.expert_id === twin.id);
    assert.ok(review);

    const page = await openPage(MOBILE, '#import', { expectHttpErrors: true });
    const item = page.locator(`[data-testid=review-item][data-review-id="${review.id}"]`);
    await item.waitFor({ state: 'visible' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `mobile review queue: page is ${overflow}px wider than the viewport`);
    await item.scrollIntoViewIfNeeded();
    const shot = path.join(os.tmpdir(), 'ketnoi-e2e-mobile-import-review.png');
    await page.screenshot({ path: shot, animations: 'disabled' });
    console.log(`screenshot: ${shot}`);

    // Someone else decides first: "Merge" gets a 409, the page says so and refreshes.
    await apiDecide(review.id, 'keep-apart');
    await item.getByTestId('review-merge').click();
    const notice = page.getByTestId('review-notice-warn');
    await notice.waitFor({ state: 'visible' });
    assert.ok((await notice.innerText()).includes('đã được xét duyệt trước đó'), await notice.innerText());
    await item.waitFor({ state: 'detached' });
    assert.equal((await api('identity-reviews?status=kept_apart&limit=1000')).items.some((r) => r.id === review.id), true);
    await api(`experts/${review.candidate_id}`); // not merged away

    // With nothing left to decide, the queue says so.
    for (const r of (await api('identity-reviews?status=open&limit=1000')).items) await apiDecide(r.id, 'keep-apart');
    await page.getByTestId('review-refresh').click();
    const empty = page.getByTestId('review-empty');
    await empty.waitFor({ state: 'visible' });
    assert.equal((await empty.innerText()).trim(), 'Không có cặp nào chờ xét duyệt.');
    await page.context().close();
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
