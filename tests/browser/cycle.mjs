// A whole fiscal year of the policy cycle, played in chromium by four people with their own
// sessions: node cycle.mjs <base-url> <screenshot-dir>, with HOSHIN_CYCLE (JSON: org, year,
// deptA, deptB, nameA, nameB and the users planning, editorA, editorB, each {login, password}).
//
// Planning opens the year; two departments draft and submit; planning returns one with a
// comment, the department fixes and resubmits; planning approves both and publishes the year
// from the year page (B first, with the confirmation), then A on its own page; A's initiative
// is evaluated in five stages (自己評価 … 最終) and the year's review is locked and unlocked; the
// department enters mid-year (中間) values and review, year-end actuals (pasted as a column), a review, thread comments and a 予算細事業
// code in a new revision, which the public does not see until planning publishes it; planning
// imports the 財務会計 CSV and the 評価シート shows the figures. Every staff page visited is
// checked with axe-core like the public ones. Exit code 1 on any failure.

import { launch, createRun } from './lib.mjs';

const [base, shots] = process.argv.slice(2);
const cfg = JSON.parse(process.env.HOSHIN_CYCLE || 'null');
if (!base || !shots || !cfg) {
  console.error('usage: HOSHIN_CYCLE=<json> node cycle.mjs <base-url> <screenshot-dir>');
  process.exit(2);
}
const { check, fail, finish } = createRun(shots, 'cycle-');
const Y = cfg.year;
const deptPage = (d) => `${base}/manage/${Y}/departments/${d}`;
const publicDept = (d) => `${base}/orgs/${cfg.org}/years/${Y}/departments/${d}`;

const NEW_A = '地域の子育てサロンを全小学校区へ';
const NEW_B = '公用車の電動化を計画的に進める';
const STANCE_A = '子育ての孤立を防ぎ、身近な場所で相談できる体制をつくる。';
const STANCE_B = '脱炭素の取組を庁内から率先して進める。';
const RESULT_A = 'サロンを12か所で開設し、延べ3,400人が利用した。';
const BUDGET_CODE = '0301-0207';
const MID_A = '上半期に6か所で開設し、延べ1,500人が利用した。';
let midyearUrl = '';

async function session(browser, user) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => fail(`script error on ${page.url()}: ${e.message}`));
  if (user) {
    await page.goto(base + '/login');
    await page.fill('#login', user.login);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(/\/manage/), page.click('form.login button[type=submit]')]);
  }
  return page;
}

/** Fills the form whose action ends with `action` and submits it; waits for the next page. */
async function submit(page, action, fields = {}, extra = '', root = page) {
  const form = root.locator(`form[action$="${action}"]${extra}`).first();
  if ((await form.count()) === 0) throw new Error(`no form ${action}${extra} on ${page.url()}`);
  for (const [name, value] of Object.entries(fields)) {
    // A list ticks the checkboxes of those values (SDGs, 行革の視点).
    if (Array.isArray(value)) {
      for (const v of value) await form.locator(`input[name="${name}"][value="${v}"]`).check();
      continue;
    }
    const el = form.locator(`[name="${name}"]`).first();
    const tag = await el.evaluate((e) => e.tagName.toLowerCase());
    if (tag === 'select') await el.selectOption(value);
    else await el.fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').first().click()]);
  await page.waitForLoadState('load');
  const status = await page.locator('h1').first().innerText();
  // A refused form comes back on its own page with the reason announced (role=alert).
  const refused = await page.locator('main p.error[role=alert]').count();
  if (refused > 0 || /操作できません|保存できませんでした|入力内容の確認|エラー/.test(status)) {
    throw new Error(`${action} answered "${status}": ${await page.locator('main').innerText()}`);
  }
}

/** Takes a workflow step (submit, return, approve, publish) on the department page shown. */
async function step(page, name, fields = {}) {
  await submit(page, '/transition', fields, `:has(input[name="step"][value="${name}"])`);
}

/** The edit page of the initiative named `name` on the department page shown. */
async function openInitiative(page, name) {
  const link = page.locator('article.initiative[id^="i-"]', { hasText: name }).getByRole('link', { name: /^編集/ }).first();
  await Promise.all([page.waitForLoadState('load'), link.click()]);
}

async function publicText(browser, url) {
  const page = await session(browser, null);
  const res = await page.goto(url);
  const text = res.status() === 200 ? await page.locator('main').innerText() : `(HTTP ${res.status()})`;
  await page.context().close();
  return text;
}

// A phone (390 px wide): the staff pages of the year and their public side pass axe, the page
// never scrolls sideways (a wide table scrolls inside main), menu items never break inside a
// word, and row headings keep at least a few characters per line.
async function narrow(page, name, url, expect = []) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await check(page, `390-${name}`, expect);
  const layout = await page.evaluate(() => {
    const px = (e) => parseFloat(getComputedStyle(e).fontSize);
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    const broken = [...document.querySelectorAll('header.site li')]
      .filter((li) => li.getBoundingClientRect().height > 2 * px(li))
      .map((li) => li.textContent.trim());
    const squeezed = [...document.querySelectorAll('main th[scope=row]')]
      .filter((th) => th.textContent.trim().length >= 4 && th.getBoundingClientRect().width < 3 * px(th))
      .map((th) => th.textContent.trim());
    return { wide, broken, squeezed };
  });
  if (layout.wide > 1) fail(`390-${name}: the page scrolls sideways by ${layout.wide}px`);
  if (layout.broken.length) fail(`390-${name}: menu items break inside a word: ${layout.broken.join(' / ')}`);
  if (layout.squeezed.length) fail(`390-${name}: row headings squeezed: ${layout.squeezed.slice(0, 3).join(' / ')}`);
}

/** The page shown, checked at 390 px like narrow(), then back at the width it had. */
async function narrowHere(page, name, expect = []) {
  const size = page.viewportSize();
  await narrow(page, name, page.url(), expect);
  await page.setViewportSize(size);
}

const browser = await launch();
try {
  const planner = await session(browser, cfg.users.planning);
  const editorA = await session(browser, cfg.users.editorA);
  const editorB = await session(browser, cfg.users.editorB);

  // 1. Planning opens the year with its themes and deadlines.
  await planner.goto(base + '/manage/cycle');
  await check(planner, 'cycle', ['年度']);
  await submit(planner, '/manage/cycle', {
    year: String(Y),
    themes: '子育て世代に選ばれるまち\n脱炭素のまちづくり',
    policy_due: `${Y}-05-31`,
    midyear_due: `${Y}-10-31`,
    yearend_due: `${Y + 1}-05-31`,
  });
  await check(planner, 'dashboard-opened', ['未提出', cfg.nameA, cfg.nameB]);
  // Planning adds a first quarter to the reporting periods (中間 and 年度末 stay).
  await planner.goto(base + '/manage/cycle');
  await submit(planner, '/manage/periods', { periods: '第1四半期 | 6/30\n中間 | 9/30\n年度末 | 3/31' });
  await check(planner, 'periods-saved', ['保存しました。', '第1四半期', '6月30日']);

  // 2. Department A's editor gives an address for notifications (お知らせ, issue 15), then
  // drafts: stance, a new initiative with a schedule and a KPI; submits.
  await editorA.goto(base + '/manage/inbox');
  await check(editorA, 'inbox-empty', ['お知らせはありません']);
  await submit(editorA, '/manage/inbox/email', { email: cfg.emailA });
  await editorA.goto(deptPage(cfg.deptA));
  await check(editorA, 'revision-draft', ['作成中', cfg.nameA]);
  await submit(editorA, '/stance', { stance: STANCE_A });
  await submit(editorA, '/initiatives', {
    name: NEW_A,
    summary: '身近な場所で相談と交流ができるサロンを開く。',
    milestones: `${Y}-07-31 モデル地区で開設\n${Y}-12-28 全校区へ展開`,
    sdg_goals: ['3', '4'],
  });
  // A refused form comes back with what was typed and the reason beside the field; the save
  // before it said so once.
  await check(editorA, 'saved-flash', ['保存しました。']);
  {
    const form = editorA.locator('form[action$="/initiatives"]').first();
    await form.locator('[name="name"]').fill('日付を誤った取組');
    await form.locator('[name="milestones"]').fill(`${Y}-13-40 試行`);
    await Promise.all([editorA.waitForLoadState('load'), form.locator('button[type=submit]').first().click()]);
    await editorA.waitForLoadState('load');
    const again = editorA.locator('form[action$="/initiatives"]').first();
    const kept = await again.locator('[name="name"]').inputValue();
    if (kept !== '日付を誤った取組') fail(`the refused form lost its input: "${kept}"`);
    const invalid = await again.locator('[name="milestones"]').getAttribute('aria-invalid');
    if (invalid !== 'true') fail('the refused field is not marked');
    await check(editorA, 'form-refused', ['スケジュール1行目', '変更は保存されていません']);
    await editorA.goto(deptPage(cfg.deptA));
  }
  await openInitiative(editorA, NEW_A);
  await check(editorA, 'initiative-edit', [NEW_A]);
  await narrowHere(editorA, 'initiative-edit', [NEW_A]);
  await submit(editorA, '/indicators', {
    name: 'サロンの延べ利用者数',
    unit: '人',
    baseline: '0人',
    baseline_year: String(Y - 1),
    target: '3,000人',
    target_year: String(Y),
  });
  await editorA.goto(deptPage(cfg.deptA));
  await step(editorA, 'submit');
  await check(editorA, 'revision-submitted', ['提出済み']);

  // 3. Department B drafts and submits.
  await editorB.goto(deptPage(cfg.deptB));
  await submit(editorB, '/stance', { stance: STANCE_B });
  await submit(editorB, '/initiatives', { name: NEW_B, summary: '更新時期に合わせて電動車へ切り替える。' });
  await step(editorB, 'submit');

  // 4. Planning returns A with a comment, approves and publishes B.
  await planner.goto(base + `/manage/${Y}`);
  await check(planner, 'dashboard-submitted', ['提出済み']);
  await planner.goto(deptPage(cfg.deptA));
  await step(planner, 'return', { comment: '目標値の根拠を概要に書き添えてください。' });
  await planner.goto(deptPage(cfg.deptB));
  await step(planner, 'approve');
  // The year is not public yet: the department page sends planning to the year page, which
  // publishes the approved departments together after a confirmation (issue 15).
  await check(planner, 'revision-approved', ['承認済み', '年度の公開ページ']);
  await planner.goto(base + `/manage/${Y}/publish`);
  await check(planner, 'year-unpublished', ['未公開', cfg.nameA, cfg.nameB]);
  await narrowHere(planner, 'year-publish', ['未公開']);
  await submit(planner, '/publish/confirm', {}, ':has(input[name="step"][value="publish"])');
  await check(planner, 'year-confirm', [cfg.nameB, NEW_B, '追加', 'が公開されます']);
  await narrowHere(planner, 'year-confirm', [cfg.nameB]);
  await submit(planner, `/manage/${Y}/publish`, {}, ':has(input[name="step"][value="publish"])');
  await check(planner, 'year-published', ['公開済み（', '1部局の部局運営方針を公開しました']);
  await planner.goto(deptPage(cfg.deptB));
  await check(planner, 'revision-published', ['公開済み', NEW_B]);

  // 5. A is told (お知らせ, with the comment and the unread count in the menu), marks it read,
  // sees the comment on the page, fixes the initiative and resubmits; planning approves and
  // publishes. Planning's お知らせ lists the submissions and 未更新の部局.
  await editorA.goto(base + '/manage');
  await check(editorA, 'menu-unread');
  const menu = await editorA.locator('header.site nav').innerText();
  if (!menu.includes('お知らせ（未読1件）')) fail(`the menu does not count the unread notification: ${menu}`);
  await editorA.goto(base + '/manage/inbox');
  await check(editorA, 'inbox-returned', ['【差戻し】', '目標値の根拠を概要に書き添えてください。', '未読']);
  await submit(editorA, '/read', {}, '[action^="/manage/inbox/"]');
  if ((await editorA.locator('main .flag.unread').count()) !== 0) fail('the notification is still unread');
  await planner.goto(base + '/manage/inbox');
  await check(planner, 'inbox-planning', ['【提出】', '未更新の部局']);
  await editorA.goto(deptPage(cfg.deptA));
  await check(editorA, 'revision-returned', ['差戻し', '目標値の根拠を概要に書き添えてください。']);
  await openInitiative(editorA, NEW_A);
  await submit(editorA, `/initiatives/${editorA.url().split('/').pop()}`, {
    summary: '身近な場所で相談と交流ができるサロンを開く。目標は前年度の相談件数から見込んだ。',
  });
  await editorA.goto(deptPage(cfg.deptA));
  await step(editorA, 'submit');
  await planner.goto(deptPage(cfg.deptA));
  await step(planner, 'approve');
  await step(planner, 'publish');

  // The public now sees both published policies.
  let text = await publicText(browser, publicDept(cfg.deptA));
  if (!text.includes(NEW_A) || !text.includes(STANCE_A)) fail(`public page of A lacks the published policy:\n${text.slice(0, 600)}`);
  text = await publicText(browser, publicDept(cfg.deptB));
  if (!text.includes(NEW_B)) fail('public page of B lacks its published initiative');

  // 5b. The review in stages (段階評価) of A's published initiative: the department writes
  // 自己評価 and 一次評価, planning 二次評価, 外部評価 and 最終, each after the one before. The
  // public review page shows them. A locked year takes no evaluation until it is unlocked.
  const STAGES = [
    [editorA, '自己評価', 'モデル地区で計画どおり開設できた。'],
    [editorA, '一次評価（所管部長）', '全校区への展開を優先する。'],
    [planner, '二次評価（企画）', '利用者数の目標は妥当。担い手の確保を課題とする。'],
    [planner, '外部評価', '委員会：地域団体との連携を評価する。'],
    [planner, '最終', '拡充して継続する。'],
  ];
  let liveA = null;
  const stageForm = (page, stage) =>
    page
      .locator('article.initiative', { hasText: NEW_A })
      .locator(`form[action$="/evaluations"]:has(input[name="stage_name"][value="${stage}"])`)
      .first();
  for (const [page, stage, comment] of STAGES) {
    await page.goto(deptPage(cfg.deptA));
    const form = stageForm(page, stage);
    if ((await form.count()) === 0) throw new Error(`no form for 「${stage}」 on ${page.url()}`);
    liveA = (await form.getAttribute('action')).match(/initiatives\/(\d+)\//)[1];
    await form.locator('xpath=ancestor::details[1]').locator('summary').click();
    const judgement = form.locator('[name="judgement"]');
    if ((await judgement.evaluate((e) => e.tagName)) === 'SELECT') await judgement.selectOption({ index: 1 });
    else await judgement.fill('A');
    await form.locator('[name="comment"]').fill(comment);
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    await page.waitForLoadState('load');
    if ((await page.locator('main p.error[role=alert]').count()) > 0) {
      throw new Error(`「${stage}」 was refused: ${await page.locator('main').innerText()}`);
    }
    await check(page, `stage-${STAGES.findIndex((s) => s[1] === stage)}`, [comment]);
  }
  text = await publicText(browser, `${publicDept(cfg.deptA)}/review`);
  for (const [, stage, comment] of STAGES) {
    if (!text.includes(stage) || !text.includes(comment)) fail(`the public review page lacks 「${stage}」: ${text.slice(0, 600)}`);
  }
  await planner.goto(`${base}/manage/${Y}`);
  await submit(planner, `/manage/${Y}/review-lock`, {}, ':has(input[name="action"][value="lock"])');
  await editorA.goto(deptPage(cfg.deptA));
  await check(editorA, 'review-locked', ['評価はロックされています']);
  if ((await stageForm(editorA, '自己評価').count()) !== 0) fail('a locked year still offers an evaluation form');
  await planner.goto(`${base}/manage/${Y}`);
  await submit(planner, `/manage/${Y}/review-lock`, {}, ':has(input[name="action"][value="unlock"])');
  await editorA.goto(deptPage(cfg.deptA));
  if ((await stageForm(editorA, '自己評価').count()) !== 1) fail('an unlocked year offers no evaluation form');

  // 6. Year end: A opens a new revision, pastes the KPI column and writes the review.
  await editorA.goto(deptPage(cfg.deptA));
  await submit(editorA, '/revise');
  await check(editorA, 'revision-2', ['作成中']);
  // Planning asks about the initiative in its thread; the department answers; both stay on the page.
  await planner.goto(deptPage(cfg.deptA));
  const itemOf = (page) => page.locator('article.initiative', { hasText: NEW_A });
  await submit(planner, '/comments', { body: '利用者の年齢層も実績に書いてください。' }, '', itemOf(planner));
  await editorA.goto(deptPage(cfg.deptA));
  await submit(editorA, '/comments', { body: '乳幼児の保護者が約7割でした。実績に追記します。' }, '', itemOf(editorA));
  await check(editorA, 'comments', ['利用者の年齢層も実績に書いてください。', '乳幼児の保護者が約7割でした。']);
  // The initiative is keyed to its 予算細事業 (財務会計) code.
  await openInitiative(editorA, NEW_A);
  await submit(editorA, `/initiatives/${editorA.url().split('/').pop()}`, { budget_codes: BUDGET_CODE });
  await editorA.goto(deptPage(cfg.deptA));
  // 中間 (mid-year): the half-year figure and review, judged at 9月30日 and kept beside the
  // year-end ones.
  await Promise.all([editorA.waitForLoadState('load'), editorA.getByRole('link', { name: '中間の値と振り返りを入力する' }).first().click()]);
  await check(editorA, 'midyear', ['中間の値と振り返り', '第1四半期（6月30日）']);
  {
    const sec = editorA.locator('section.interim', { hasText: NEW_A });
    await sec.locator('input[name^="value-"]').first().fill('1,500人');
    await sec.locator('textarea[name^="result-"]').fill(MID_A);
    await sec.locator('input[name^="progress-"]').fill('45');
    await Promise.all([editorA.waitForLoadState('load'), editorA.getByRole('button', { name: '中間の値と振り返りを保存する' }).click()]);
    await editorA.waitForLoadState('load');
    await check(editorA, 'midyear-saved', ['中間の値と振り返りを保存しました']);
    midyearUrl = editorA.url();
    const kept = await editorA.locator('section.interim', { hasText: NEW_A }).locator('input[name^="value-"]').first().inputValue();
    if (kept !== '1,500人') fail(`the mid-year value was not kept: "${kept}"`);
  }
  await editorA.goto(deptPage(cfg.deptA));
  await editorA.locator('a[href$="/actuals"]').first().click();
  await editorA.waitForLoadState('load');
  await check(editorA, 'actuals', ['実績']);
  await narrowHere(editorA, 'actuals', ['実績']);
  const rows = await editorA.locator('form.actuals input[name="value"]').count();
  const names = await editorA.locator('form.actuals th[scope="row"]').allInnerTexts();
  const ours = names.findIndex((n) => n.includes('サロンの延べ利用者数'));
  if (ours < 0) throw new Error('the new KPI is not on the actuals page');
  const lines = Array.from({ length: rows }, (_, i) => (i === ours ? '3,400人' : ''));
  // The pasted column: one line per KPI in page order, only ours filled.
  await submit(editorA, '/actuals', { paste: lines.join('\n') }, '[method="post"]');
  await editorA.goto(deptPage(cfg.deptA));
  await openInitiative(editorA, NEW_A);
  await submit(editorA, '/review', { result: RESULT_A, issues_next: '運営する地域団体の担い手を増やす。', progress: '90' });
  await editorA.goto(deptPage(cfg.deptA));
  await check(editorA, 'revision-2-filled', [RESULT_A]);
  await step(editorA, 'submit');

  // Until planning publishes, the public still sees the first published version.
  text = await publicText(browser, `${publicDept(cfg.deptA)}/review`);
  if (text.includes(RESULT_A)) fail('the unpublished review is visible to the public');
  await planner.goto(deptPage(cfg.deptA));
  await step(planner, 'approve');
  await step(planner, 'publish');
  text = await publicText(browser, `${publicDept(cfg.deptA)}/review`);
  if (!text.includes(RESULT_A)) fail(`the published review is not on the public page:\n${text.slice(0, 600)}`);

  // Planning imports the 財務会計 CSV: a preview first, then one transaction; the initiative's
  // 評価シート shows the figures (千円) under its code.
  await planner.goto(`${base}/manage/budget`);
  await check(planner, 'budget', ['予算細事業']);
  const csv = [
    '細事業コード,細事業名,年度,予算額（千円）,決算額（千円）,一般財源（千円）,人件費（千円）,トータルコスト（千円）',
    `${BUDGET_CODE},子育てサロン運営事業,${Y},12345,11876,6100,4200,16076`,
  ].join('\r\n');
  await planner.setInputFiles('#budget-file', { name: 'zaimu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv + '\r\n') });
  await Promise.all([planner.waitForLoadState('load'), planner.locator('form[action="/manage/budget"] button[type=submit]').click()]);
  await planner.waitForLoadState('load');
  await check(planner, 'budget-preview', ['新規1件', BUDGET_CODE, NEW_A]);
  await submit(planner, '/manage/budget/apply');
  await check(planner, 'budget-applied', ['取り込みました：新規1件']);
  text = await publicText(browser, `${base}/initiatives/${liveA}`);
  if (!text.includes(MID_A) || !text.includes('1,500人') || !text.includes('3,400人')) {
    fail(`the initiative page lacks the mid-year and year-end values side by side:\n${text.slice(0, 800)}`);
  }
  text = await publicText(browser, `${base}/initiatives/${liveA}/sheet`);
  for (const want of [BUDGET_CODE, '12,345', '16,076']) {
    if (!text.includes(want)) fail(`the 評価シート lacks ${want}:\n${text.slice(0, 800)}`);
  }

  // Planning enters a plan KPI's actual for the year; it is public at once (planning publishes).
  await planner.goto(`${base}/manage/${Y}/indicators`);
  await check(planner, 'plan-actuals', ['計画の指標の実績入力']);
  await narrowHere(planner, 'plan-actuals', ['計画の指標の実績入力']);
  const kpiId = await planner.locator('form.actuals input[name="indicator"]').first().getAttribute('value');
  await planner.locator('form.actuals input[name="value"]').first().fill('987');
  await submit(planner, '/indicators', {}, '.actuals');
  await check(planner, 'plan-actuals-saved', ['保存しました']);
  text = await publicText(browser, `${base}/indicators/${kpiId}`);
  if (!text.includes('987')) fail(`the plan KPI's new actual is not on its public page:\n${text.slice(0, 400)}`);

  // History of the initiative, with the readable diff.
  await editorA.goto(deptPage(cfg.deptA));
  await editorA.locator('article.initiative', { hasText: NEW_A }).locator('a[href*="/manage/history/"]').first().click();
  await editorA.waitForLoadState('load');
  await check(editorA, 'history', ['変更履歴']);
  await narrowHere(editorA, 'history', ['変更履歴']);
  await planner.goto(`${base}/manage/documents`);
  await check(planner, 'documents', ['取り込んだ文書']);
  await narrowHere(planner, 'documents', ['取り込んだ文書']);
  await planner.goto(`${base}/manage/audit`);
  await check(planner, 'audit', ['変更の記録', '提出']);
  await narrowHere(planner, 'audit', ['変更の記録']);
  const admin = await session(browser, cfg.users.admin);
  await admin.goto(`${base}/manage/users`);
  await check(admin, 'users', ['ユーザー管理', 'kodomo']);
  await admin.goto(`${base}/manage/departments`);
  await check(admin, 'departments', ['部局の設定', cfg.nameA]);

  // The public pages of the year pass axe too.
  const pub = await session(browser, null);
  await pub.goto(publicDept(cfg.deptA));
  await check(pub, 'public-department', [NEW_A]);
  await pub.goto(`${publicDept(cfg.deptA)}/review`);
  await check(pub, 'public-review', [RESULT_A, '中間の報告', MID_A]);

  // A phone (390 px wide): the staff pages of the year and their public side pass axe (see
  // narrow() above; the other staff pages were checked at 390 px where the year visits them).
  await narrow(planner, 'dashboard', `${base}/manage/${Y}`, [cfg.nameA]);
  await narrow(planner, 'department', deptPage(cfg.deptA), [NEW_A]);
  await narrow(editorA, 'editor-department', deptPage(cfg.deptA), [NEW_A]);
  await narrow(editorA, 'editor-home', `${base}/manage`);
  await narrow(editorA, 'inbox', `${base}/manage/inbox`, ['お知らせ']);
  await narrow(planner, 'inbox-planning', `${base}/manage/inbox`, ['未更新の部局']);
  await narrow(planner, 'cycle', `${base}/manage/cycle`, ['報告期間', '第1四半期']);
  await narrow(planner, 'review-stages', `${base}/manage/review-stages`, ['評価の段階']);
  await narrow(planner, 'budget', `${base}/manage/budget`, ['予算細事業']);
  await narrow(editorA, 'midyear', midyearUrl, ['中間の値と振り返り']);
  await narrow(admin, 'users', `${base}/manage/users`, ['ユーザー管理']);
  const userPage = await admin.locator('main a[href^="/manage/users/"]').first().getAttribute('href');
  await narrow(admin, 'user', `${base}${userPage}`);
  await narrow(editorA, 'account', `${base}/manage/account`);
  await narrow(planner, 'imports', `${base}/manage/imports`);
  await narrow(planner, 'plans', `${base}/manage/plans`);
  const weights = await planner.locator('main a[href$="/weights"]').first().getAttribute('href');
  await narrow(planner, 'plan-weights', `${base}${weights}`);
  await narrow(admin, 'departments', `${base}/manage/departments`, ['部局の設定']);
  await narrow(pub, 'public-department', publicDept(cfg.deptA), [NEW_A]);
  await narrow(pub, 'public-year', `${base}/orgs/${cfg.org}/years/${Y}`);
  await narrow(pub, 'public-sheets', `${base}/orgs/${cfg.org}/years/${Y}/sheets?dept=${cfg.deptA}`, [NEW_A]);
} catch (e) {
  fail(`the year stopped: ${e.message}`);
} finally {
  await browser.close();
}
finish();
