// Browser tests of the hoshin web UI: node run.mjs <base-url> <screenshot-dir>
//
// Drives Debian's chromium (playwright-core, no downloaded browser) through every page type
// by clicking the navigation a reader would use (home → organization → year → department →
// initiative → indicator …), checks the visible text of each page, injects axe-core and
// fails on any WCAG 2.1 A/AA violation, checks the skip link with the keyboard, prints the
// booklet to an A4 PDF, then visits every other organization on the home page (imported
// documents) the same way. Screenshots go to <screenshot-dir>. Exit code 1 on any failure.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, createRun } from './lib.mjs';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node run.mjs <base-url> <screenshot-dir>');
  process.exit(2);
}
const { check, fail, finish } = createRun(shots);

/** Clicks the first link with exactly (or, failing that, containing) this text and waits. */
async function click(page, text, within = 'main') {
  let link = page.locator(`${within} a`, { hasText: text }).first();
  if ((await link.count()) === 0) {
    throw new Error(`no link ${JSON.stringify(text)} in ${within} on ${page.url()}`);
  }
  await Promise.all([page.waitForLoadState('load'), link.click()]);
  await page.waitForLoadState('load');
}

async function demoFlow(page) {
  await page.goto(base + '/');
  await check(page, 'home', ['自治体一覧', 'サンプル市']);

  // Keyboard: the first Tab lands on the skip link, which moves focus to main.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  if (focused !== '本文へ移動') fail(`home: first Tab focuses ${JSON.stringify(focused)}, not the skip link`);
  await page.keyboard.press('Enter');
  const afterSkip = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (afterSkip !== 'main') fail(`home: the skip link moved focus to ${JSON.stringify(afterSkip)}`);

  await click(page, 'サンプル市');
  await check(page, 'organization', ['サンプル市', '年度', '計画']);
  await click(page, '令和6年度（2024年度）');
  await check(page, 'org-year', ['指標（KPI）の状況', '順調', '遅れ', '実績なし', '重点項目', 'こども未来部', 'Excelで開く']);
  const orgYear = page.url();

  await click(page, 'こども未来部');
  await check(page, 'department-policy', ['こども未来部 部局運営方針', '部局運営に関する基本的考え方', '重点項目：子育て世代に選ばれるまち', 'CSVでダウンロード', 'Excelで開く']);
  const dept = page.url();
  // 「Excelで開く」: the browser saves the department's workbook under its Japanese name.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Excelで開く' }).click(),
  ]);
  const xlsxName = download.suggestedFilename();
  if (xlsxName !== 'サンプル市_令和6年度_こども未来部_部局運営方針.xlsx') fail(`department-policy: the workbook downloads as ${JSON.stringify(xlsxName)}`);
  const xlsx = readFileSync(await download.path());
  if (xlsx.length < 1000 || xlsx.subarray(0, 2).toString('latin1') !== 'PK') fail(`department-policy: the download is not an xlsx (${xlsx.length} bytes)`);
  await click(page, '子育て世代包括支援センターの機能強化');
  await check(page, 'initiative', ['取組の概要', '振り返り', '年度間のつながり']);
  await page.goto(dept);
  await click(page, '部局の目標と振り返り');
  await check(page, 'goals-review', ['部局の使命', '当年度の目標', '実績', '課題・今後の方向性', '判定']);

  await page.goto(orgYear);
  await click(page, '令和7年度（2025年度）');
  await click(page, 'こども未来部の前年度比較');
  await check(page, 'compare-department', ['継続', '令和6年度（2024年度）', '令和7年度（2025年度）']);
  await page.goto(orgYear.replace(/2024$/, '2025'));
  await click(page, '前年度との比較（市全体）');
  await check(page, 'compare-city', ['前年度との比較', '継続', '新規']);

  await page.goto(orgYear);
  await click(page, '部局運営方針（市全体の冊子）');
  await check(page, 'booklet', ['目次', '市長公室', '教育部']);
  // Print: A4 pages, a department per page at least.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: join(shots, 'booklet-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(shots, 'booklet.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (pages < 10) fail(`booklet: printed to ${pages} A4 pages, expected one or more per department`);
  await page.emulateMedia({ media: 'screen' });

  // 事務事業評価シート: every program of the year, then one department chosen in the form;
  // printed, each program starts on its own A4 page.
  await page.goto(orgYear);
  await click(page, '事務事業評価シート（印刷用）');
  await check(page, 'sheets', ['事務事業評価シート', 'すべての部局', '指標', '評価']);
  const kodomo = await page.locator('#dept option', { hasText: 'こども未来部' }).first().getAttribute('value');
  await page.getByLabel('部局').selectOption(kodomo);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '表示' }).click()]);
  await page.waitForURL(/dept=/);
  await check(page, 'sheets-department', ['こども未来部', '事務事業評価シート']);
  const sheets = await page.locator('article.sheet').count();
  if (sheets < 2) fail(`sheets-department: ${sheets} sheets, expected the department's programs`);
  await page.emulateMedia({ media: 'print' });
  const sheetPdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(shots, 'sheets.pdf'), sheetPdf);
  const sheetPages = (sheetPdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (sheetPages < sheets) fail(`sheets: ${sheets} programs printed on ${sheetPages} A4 pages, expected a page each`);
  await page.emulateMedia({ media: 'screen' });

  await page.goto(orgYear);
  await click(page, '指標の一覧を見る');
  await check(page, 'indicators', ['指標の一覧', '状況']);
  await click(page, '保育所等の待機児童数');
  await check(page, 'indicator', ['達成率', '判定', '基準値', '目標値', '推移']);
  const svg = await page.locator('svg[role="img"] title').count();
  if (svg !== 1) fail('indicator: the chart has no role="img" with a title');

  await page.goto(orgYear);
  await click(page, '第6次総合計画 前期基本計画');
  await check(page, 'plan-tree', ['体系', '1-1-1']);
  // Collapse a level with the keyboard-operable <details>.
  const summary = page.locator('details.node > summary').first();
  await summary.click();
  const open = await page.locator('details.node').first().evaluate((d) => d.open);
  if (open) fail('plan-tree: clicking a summary did not collapse its level');
  await summary.click();
  await click(page, '1-1 安心して子どもを産み育てられる環境づくり');
  await check(page, 'plan-node', ['目指す姿', '現況と課題', '指標', '下位の項目']);
  await click(page, '1-1-1');
  await check(page, 'plan-leaf', ['取組', '子育て世代包括支援センターの機能強化']);

  await click(page, '横断検索', 'header');
  await check(page, 'search-empty', ['自治体横断検索', 'よく使われている重点項目']);
  await page.getByLabel('キーワード').fill('デジタル');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '検索' }).click()]);
  await page.waitForURL(/q=/);
  await check(page, 'search-results', ['「デジタル」の検索結果', 'サンプル市', '絞り込み']);
  // Facets filter without script: a link adds the filter to the URL, another removes it.
  const facet = page.locator('nav.facets ul li a').first();
  const facetName = (await facet.textContent()).trim();
  await Promise.all([page.waitForLoadState('load'), facet.click()]);
  await check(page, 'search-filtered', ['選択中の条件', facetName, '解除']);

  // The open-data catalogue, from the footer of every page (issue 11).
  await click(page, 'オープンデータ', 'footer');
  await check(page, 'opendata', ['オープンデータ', 'datapackage.json', '999997', '令和6年度（2024年度）のデータ']);

  await page.goto(base + '/orgs/999999');
  await check(page, 'not-found', ['お探しのページは見つかりませんでした。']);
}

/** Every other organization on the home page (imported documents): its main pages. */
async function importedFlow(page) {
  await page.goto(base + '/');
  const orgs = await page.locator('main table tbody tr th a').evaluateAll((as) =>
    as.map((a) => ({ name: a.textContent, href: a.getAttribute('href') })),
  );
  for (const org of orgs.filter((o) => o.name !== 'サンプル市')) {
    const tag = `imported-${org.href.split('/').pop()}`;
    await page.goto(base + org.href);
    await check(page, `${tag}-organization`, [org.name]);
    const years = await page.locator('main ul li > a[href*="/years/"]').evaluateAll((as) =>
      as.filter((a) => !a.href.endsWith('/booklet')).map((a) => a.getAttribute('href')),
    );
    const plans = await page.locator('main a[href^="/plans/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const y of years.slice(0, 2)) {
      await page.goto(base + y);
      await check(page, `${tag}-year`, [org.name]);
      const depts = await page.locator('main table tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const d of depts.slice(0, 2)) {
        await page.goto(base + d);
        await check(page, `${tag}-department`, ['部局運営に関する基本的考え方']);
        await page.goto(base + d + '/review');
        await check(page, `${tag}-review`, ['部局の使命']);
      }
      await page.goto(base + y + '/booklet');
      await check(page, `${tag}-booklet`, ['目次']);
      const items = await page.locator('main a[href^="/initiatives/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      if (items.length > 0) {
        await page.goto(base + items[0]);
        await check(page, `${tag}-initiative`, []);
        await page.goto(base + items[0] + '/sheet');
        await check(page, `${tag}-sheet`, ['事務事業評価シート']);
      }
    }
    for (const p of plans.slice(0, 2)) {
      await page.goto(base + p);
      await check(page, `${tag}-plan`, ['体系']);
      const nodes = await page.locator('main a[href^="/nodes/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      if (nodes.length > 0) {
        await page.goto(base + nodes[nodes.length - 1]);
        await check(page, `${tag}-node`, []);
        const inds = await page.locator('main a[href^="/indicators/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        if (inds.length > 0) {
          await page.goto(base + inds[0]);
          await check(page, `${tag}-indicator`, ['達成率']);
        }
      }
    }
  }
}

const browser = await launch();
try {
  // bypassCSP: the pages forbid scripts (Content-Security-Policy); axe-core is injected by the test.
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('pageerror', (e) => fail(`script error on ${page.url()}: ${e.message}`));
  for (const [name, flow] of [
    ['demo', demoFlow],
    ['imported', importedFlow],
  ]) {
    try {
      await flow(page);
    } catch (e) {
      fail(`${name} flow stopped at ${page.url()}: ${e.message}`);
    }
  }
} finally {
  await browser.close();
}
finish();
