// Shared by the browser scripts: launching Debian's chromium (no downloaded browser) with
// flags that keep it off the network, and a run's checks — visible text, exactly one h1,
// lang="ja", axe-core WCAG 2.1 A/AA — with a screenshot per page and a summary at the end.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function launch() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`chromium not found at ${executablePath}: apt-get install -y chromium fonts-ipafont-gothic`);
    process.exit(2);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A run: `check(page, name, expect)` per page, `fail(msg)`, and `finish()` (exit 1 on failures). */
export function createRun(shots, prefix = '') {
  mkdirSync(shots, { recursive: true });
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const failures = [];
  const visited = [];
  let shotNo = 0;

  function fail(msg) {
    failures.push(msg);
    console.error(`FAIL ${msg}`);
  }

  async function check(page, name, expect = []) {
    const url = page.url();
    const main = await page.locator('main').innerText().catch(() => '');
    for (const text of expect) {
      if (!main.includes(text)) fail(`${name} (${url}): visible text lacks ${JSON.stringify(text)}`);
    }
    const h1 = await page.locator('h1').count();
    if (h1 !== 1) fail(`${name} (${url}): ${h1} h1 elements`);
    const lang = await page.getAttribute('html', 'lang');
    if (lang !== 'ja') fail(`${name} (${url}): html lang=${lang}`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
      }));
    }, TAGS);
    for (const v of result) {
      fail(`${name} (${url}): axe ${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`);
    }
    shotNo += 1;
    const file = join(shots, `${prefix}${String(shotNo).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    visited.push({ name, url, violations: result.length });
  }

  function finish() {
    console.log(`visited ${visited.length} pages; screenshots in ${shots}`);
    for (const v of visited) console.log(`  ${v.violations === 0 ? 'ok  ' : 'FAIL'} ${v.name} ${v.url}`);
    if (failures.length > 0) {
      console.error(`${failures.length} failure(s)`);
      process.exit(1);
    }
    console.log('all browser checks passed');
  }

  return { check, fail, finish };
}
