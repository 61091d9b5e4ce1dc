// The Excel round trip of a department's draft, played in chromium by the department's
// editor: node roundtrip.mjs <base-url> <screenshot-dir>, with HOSHIN_ROUNDTRIP (JSON: year,
// dept, user {login, password}, newName, newTarget, the paths edited, bad and stale, and the
// expected cell errors).
//
// The editor downloads the draft from the department page (an xlsx named for the department),
// uploads a workbook with bad cells and sees every error by sheet and cell, uploads an edited
// workbook and sees the difference, confirms and sees the new values on the department page,
// then uploads a workbook made before that change and gets the conflict page. Every page is
// checked with axe-core. Exit code 1 on any failure.

import { launch, createRun } from './lib.mjs';
import { readFileSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
const cfg = JSON.parse(process.env.HOSHIN_ROUNDTRIP || 'null');
if (!base || !shots || !cfg) {
  console.error('usage: HOSHIN_ROUNDTRIP=<json> node roundtrip.mjs <base-url> <screenshot-dir>');
  process.exit(2);
}
const { check, fail, finish } = createRun(shots, 'roundtrip-');
const deptPage = `${base}/manage/${cfg.year}/departments/${cfg.dept}`;

async function upload(page, file) {
  await page.goto(deptPage);
  await page.setInputFiles('#workbook-file', file);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/workbook"] button[type=submit]')]);
  await page.waitForLoadState('load');
}

const browser = await launch();
try {
  const context = await browser.newContext({
    locale: 'ja-JP',
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    bypassCSP: true, // for axe-core's injected script only
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => fail(`script error on ${page.url()}: ${e.message}`));
  await page.goto(base + '/login');
  await page.fill('#login', cfg.user.login);
  await page.fill('#password', cfg.user.password);
  await Promise.all([page.waitForURL(/\/manage/), page.click('form.login button[type=submit]')]);

  // 1. The department page offers the workbook; the download is an xlsx named for it.
  await page.goto(deptPage);
  await check(page, 'department', ['Excelでダウンロード（オフライン編集用）', 'Excelでのオフライン編集']);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a[href$="/workbook.xlsx"]'),
  ]);
  const name = download.suggestedFilename();
  if (!name.startsWith(cfg.deptName) || !name.endsWith('_編集用.xlsx')) fail(`download named ${JSON.stringify(name)}`);
  const bytes = readFileSync(await download.path());
  if (bytes.length < 1000 || bytes.subarray(0, 2).toString() !== 'PK') fail(`the download is not an xlsx (${bytes.length} bytes)`);

  // 2. Bad cells: every error named by sheet and cell, nothing stored.
  await upload(page, cfg.bad);
  await check(page, 'cell-errors', ['Excelの内容に誤りがあります', ...cfg.errors]);

  // 3. The edited workbook: the difference, field by field.
  await upload(page, cfg.edited);
  await check(page, 'preview', ['Excelの内容の確認', '変更', cfg.oldName, cfg.newName, cfg.newTarget, 'まだ何も保存していません']);

  // 4. Confirm: the department page shows the new values.
  await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/workbook/apply"] button[type=submit]')]);
  await page.waitForLoadState('load');
  await check(page, 'applied', [cfg.newName]);
  if (!page.url().startsWith(deptPage)) fail(`after confirming: ${page.url()}`);

  // 5. A workbook made before that change: the conflict page, nothing overwritten.
  await upload(page, cfg.stale);
  await check(page, 'conflict', ['ダウンロード後に更新されています', `取組「${cfg.newName}」`, '最新の内容でExcelをダウンロード']);
  await page.goto(deptPage);
  await check(page, 'after-conflict', [cfg.newName]);
} catch (e) {
  fail(`the round trip stopped: ${e.message}`);
} finally {
  await browser.close();
}
finish();
