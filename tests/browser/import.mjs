// The staff import page, played in chromium by a planning officer: node import.mjs <base-url>
// <screenshot-dir>, with HOSHIN_IMPORT (JSON: org, user {login, password}, paths xlsx, csv,
// png, sheetHtml, pdf).
//
// A file that cannot be read is refused with a message; an xlsx and a Shift_JIS CSV uploaded
// together are previewed (drafts beside their cells and lines, the department mapping), the
// CSV's year is corrected in the preview, both are committed and a program is found on its
// public page; a PDF printed here from an invented sheet goes the same way. Every page is
// checked with axe-core. Exit code 1 on any failure.

import { launch, createRun } from './lib.mjs';
import { readFileSync } from 'node:fs';

const [base, shots] = process.argv.slice(2);
const cfg = JSON.parse(process.env.HOSHIN_IMPORT || 'null');
if (!base || !shots || !cfg) {
  console.error('usage: HOSHIN_IMPORT=<json> node import.mjs <base-url> <screenshot-dir>');
  process.exit(2);
}
const { check, fail, finish } = createRun(shots, 'import-');

async function upload(page, files) {
  await page.goto(base + '/manage/imports');
  await page.setInputFiles('#files', files);
  await Promise.all([page.waitForLoadState('load'), page.click('form[action="/manage/imports"] button[type=submit]')]);
  await page.waitForLoadState('load');
}

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForLoadState('load'), locator.click()]);
  await page.waitForLoadState('load');
}

const browser = await launch();
try {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => fail(`script error on ${page.url()}: ${e.message}`));
  await page.goto(base + '/login');
  await page.fill('#login', cfg.user.login);
  await page.fill('#password', cfg.user.password);
  await Promise.all([page.waitForURL(/\/manage/), page.click('form.login button[type=submit]')]);

  await page.goto(base + '/manage/imports');
  await check(page, 'upload-form', ['文書の取り込み', '読み取って確認する']);

  // A file no reader takes: the form again with what went wrong; nothing kept.
  await upload(page, [cfg.png]);
  await check(page, 'bad-file', ['「scan.png」を読み取れませんでした', '何も保存していません']);
  if (page.url().includes('/manage/imports/')) fail('a bad file led to a preview');

  // An xlsx and a Shift_JIS CSV together.
  await upload(page, [cfg.xlsx, cfg.csv]);
  if (!/\/manage\/imports\/[^/]+$/.test(page.url())) fail(`no preview after the upload: ${page.url()}`);
  await check(page, 'preview', [
    '取り込み内容の確認', 'まだ何も保存していません', '評価一覧.xlsx', 'programs.csv',
    '放課後こども教室事業', '街路樹剪定事業', '元の文書', '評価一覧!', '文書の部局名と、登録済みの部局', 'こども未来部',
  ]);
  // The CSV states no year: set it in its own correction form and preview again.
  const csvSection = page.locator('section.import-doc', { hasText: 'programs.csv' });
  const yearInput = csvSection.locator('input[type=text][name^="y."]');
  await yearInput.fill('令和6年度');
  await clickAndWait(page, csvSection.locator('form.corrections button[type=submit]'));
  await check(page, 'preview-corrected', ['令和6年度（2024年度）']);
  const kept = await page.locator('section.import-doc', { hasText: 'programs.csv' }).locator('input[type=text][name^="y."]').inputValue();
  if (kept !== '令和6年度') fail(`the corrected year was not kept in the form: ${kept}`);

  // Commit both.
  await clickAndWait(page, page.locator('button', { hasText: 'すべて取り込む' }));
  await check(page, 'documents', ['取り込んだ文書', '評価一覧.xlsx', 'programs.csv']);

  // The program on its public page.
  await page.goto(`${base}/search?in=text&q=${encodeURIComponent('放課後こども教室事業')}`);
  await clickAndWait(page, page.locator('main a', { hasText: '放課後こども教室事業' }).first());
  await check(page, 'public-program', ['放課後こども教室事業', '事務事業評価', '施策体系', '今後の方向性', '拡充']);

  // A PDF printed from an invented sheet.
  const printer = await context.newPage();
  await printer.setContent(readFileSync(cfg.sheetHtml, 'utf8'));
  await printer.pdf({ path: cfg.pdf, format: 'A4' });
  await printer.close();
  await upload(page, [cfg.pdf]);
  await check(page, 'preview-pdf', ['親子ひろば運営事業', 'p.1', 'ひろばの開催日数']);
  await clickAndWait(page, page.locator('section.import-doc button', { hasText: '取り込む' }).last());
  await check(page, 'documents-after-pdf', ['親子ひろば.pdf']);
} catch (e) {
  fail(`import flow: ${e.stack || e}`);
} finally {
  await browser.close();
}
finish();
