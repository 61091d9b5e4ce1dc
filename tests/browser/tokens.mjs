// Personal access tokens in chromium: node tokens.mjs <base-url> <screenshot-dir>, with
// HOSHIN_TOKENS (JSON: user {login, password}, indicator, year).
//
// A planning officer makes a token on /manage/account, copies it from the page that shows it
// once, writes a KPI actual with it through POST /api/v1/actuals (from outside the browser: no
// cookie), sees the same request with the session cookie alone refused (401), finds the token
// listed (never shown again), revokes it, and sees it refused afterwards. axe-core on every
// page. Exit code 1 on any failure.

import { launch, createRun } from './lib.mjs';

const [base, shots] = process.argv.slice(2);
const cfg = JSON.parse(process.env.HOSHIN_TOKENS || 'null');
if (!base || !shots || !cfg) {
  console.error('usage: HOSHIN_TOKENS=<json> node tokens.mjs <base-url> <screenshot-dir>');
  process.exit(2);
}
const { check, fail, finish } = createRun(shots, 'tokens-');

async function clickAndWait(page, locator) {
  await Promise.all([page.waitForLoadState('load'), locator.click()]);
  await page.waitForLoadState('load');
}

/** POST /api/v1/actuals from node (no cookie), with the token when given. */
async function write(token, value) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const body = JSON.stringify({ items: [{ indicator_id: cfg.indicator, year: cfg.year, value }] });
  const res = await fetch(base + '/api/v1/actuals', { method: 'POST', headers, body });
  return { status: res.status, body: await res.json(), challenge: res.headers.get('www-authenticate') };
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

  await page.goto(base + '/manage/account');
  await check(page, 'account', ['個人用アクセストークン', '発行したトークンはありません', 'トークンを発行する']);
  await page.fill('#token_name', 'ブラウザからの実績登録');
  await page.selectOption('#token_expires', '30');
  await clickAndWait(page, page.locator('form[action="/manage/account/tokens"] button[type=submit]'));
  await check(page, 'token-shown', ['個人用アクセストークンを発行しました', '二度と表示できません', 'ブラウザからの実績登録']);
  const token = await page.inputValue('#new_token');
  if (!/^hoshin_pat_[A-Za-z0-9_-]{43}$/.test(token)) fail(`the page shows no token: ${token}`);

  // The token writes; the session cookie alone does not.
  const ok = await write(token, '321件');
  if (ok.status !== 200 || ok.body.changed !== 1) fail(`write with the token: ${ok.status} ${JSON.stringify(ok.body)}`);
  const cookieOnly = await page.request.post(base + '/api/v1/actuals', {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ items: [{ indicator_id: cfg.indicator, year: cfg.year, value: '999' }] }),
  });
  if (cookieOnly.status() !== 401) fail(`a write with the session cookie alone answered ${cookieOnly.status()}`);

  // Listed, not shown again; revoked; refused.
  await page.goto(base + '/manage/account');
  await check(page, 'token-listed', ['ブラウザからの実績登録', '有効', '無効にする']);
  if ((await page.content()).includes(token.slice(11))) fail('the account page shows the token again');
  await clickAndWait(page, page.locator('form[action$="/revoke"] button[type=submit]').first());
  await check(page, 'token-revoked', ['トークンを無効にしました', '無効（']);
  const after = await write(token, '322件');
  if (after.status !== 401 || !(after.challenge || '').startsWith('Bearer')) {
    fail(`a revoked token answered ${after.status} (${after.challenge})`);
  }
  if (after.body.status !== 401 || !after.body.title) fail(`no problem body: ${JSON.stringify(after.body)}`);

  // The docs page says how to get a token.
  await page.goto(base + '/api');
  await check(page, 'api-docs', ['POST /api/v1/actuals', '個人用アクセストークン', '/manage/account']);
} catch (e) {
  fail(`token flow: ${e.stack || e}`);
} finally {
  await browser.close();
}
finish();
