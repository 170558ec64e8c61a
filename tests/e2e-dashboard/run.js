#!/usr/bin/env node
// End-to-end test of the dashboard: a real `formsender serve` on loopback with a seeded SQLite
// store, driven by Debian's Chromium (headless) through playwright-core.
//
//   node tests/e2e-dashboard/run.js --formsender build/formsender [--screenshots docs/screenshots]
//
// Signs in with the data directory's token, sees the running executions, cancels one, opens a
// campaign and a submission, reads /metrics, and renders every page with JavaScript disabled.
// Exits non-zero on the first failed check.
'use strict';

const assert = require('node:assert/strict');
const {spawn, execFileSync} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const seed = require('./seed.js');

function args() {
  const out = {formsender: null, screenshots: null, chromium: '/usr/bin/chromium'};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in out)) throw new Error(`unknown option ${argv[i]}`);
    out[key] = argv[i + 1];
  }
  if (!out.formsender) throw new Error('--formsender PATH is required');
  return out;
}

let chromium;
try {
  ({chromium} = require('playwright-core'));
} catch (e) {
  console.error('e2e-dashboard: playwright-core is not installed; run ' +
                '`npm ci --prefix tests/e2e-dashboard` (make test does)');
  process.exit(1);
}

function run(bin, argv, env) {
  return execFileSync(bin, argv, {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

async function startServe(bin, dataDir, env) {
  const child = spawn(bin, ['--data-dir', dataDir, '--json', 'serve', '--listen', '127.0.0.1:0'],
                      {env, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = readline.createInterface({input: child.stdout});
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not start in 30 s:\n' + stderr)), 30000);
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    lines.on('line', (line) => {
      try {
        const j = JSON.parse(line);
        if (j.base_url) {
          clearTimeout(timer);
          resolve(j.base_url);
        }
      } catch (_) { /* a log line */ }
    });
  });
  return {child, baseUrl, stderr: () => stderr};
}

async function main() {
  const opt = args();
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formsender-e2e-dashboard-'));
  const env = {...process.env, FORMSENDER_DATA_DIR: dataDir};
  for (const k of Object.keys(env)) {
    if (k.startsWith('FORMSENDER_') && k !== 'FORMSENDER_DATA_DIR') delete env[k];
  }
  let serve = null;
  let browser = null;
  try {
    run(opt.formsender, ['--data-dir', dataDir, 'db', 'migrate'], env);
    fs.writeFileSync(path.join(dataDir, 'clients.csv'), seed.clientCsv);
    fs.writeFileSync(path.join(dataDir, 'targeting.csv'), seed.targetingCsv);
    run(opt.formsender, ['--data-dir', dataDir, 'import', 'clients', path.join(dataDir, 'clients.csv')], env);
    run(opt.formsender, ['--data-dir', dataDir, 'import', 'targeting', path.join(dataDir, 'targeting.csv')], env);
    // The seeded submissions lie up to 70 minutes back and must fall on today's JST date: in
    // the first two hours of a JST day, serve runs two hours ahead (FORMSENDER_CLOCK).
    const realNow = Date.now();
    const jstMinutes = Math.floor((realNow / 60000 + 9 * 60) % (24 * 60));
    const now = new Date(jstMinutes < 120 ? realNow + 2 * 3600 * 1000 : realNow);
    if (now.getTime() !== realNow) env.FORMSENDER_CLOCK = `${now.toISOString()}@${realNow}`;
    execFileSync('sqlite3', [path.join(dataDir, 'formsender.db')], {input: seed.sql(now)});

    serve = await startServe(opt.formsender, dataDir, env);
    const base = serve.baseUrl;
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const token = fs.readFileSync(path.join(dataDir, 'keys', 'dispatcher.token'), 'utf8').trim();

    browser = await chromium.launch({executablePath: opt.chromium, headless: true,
                                     args: ['--no-sandbox', '--disable-gpu']});
    const shot = async (page, name) => {
      if (!opt.screenshots) return;
      fs.mkdirSync(opt.screenshots, {recursive: true});
      await page.screenshot({path: path.join(opt.screenshots, name), fullPage: true});
    };

    // 1. Not signed in: the login page; a wrong token is refused; the right one signs in.
    const context = await browser.newContext({locale: 'ja-JP', viewport: {width: 1280, height: 800}});
    const page = await context.newPage();
    await page.goto(base + '/dashboard');
    assert.equal(new URL(page.url()).pathname, '/dashboard/login');
    await shot(page, 'dashboard-login.png');
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    assert.match(await page.textContent('.error'), /トークンが違います/);
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    assert.equal(await page.textContent('h1'), '概要');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'formsender_session');
    assert.ok(session && session.httpOnly, 'an HttpOnly session cookie');
    assert.notEqual(session.value, token, 'the cookie is not the token');
    assert.ok(!(await page.content()).includes(token), 'the token is not rendered');

    // 2. Running executions.
    const rows = page.locator('#executions tbody tr');
    assert.equal(await rows.count(), 3);
    const alpha = page.locator('tr[data-execution="e2e-alpha"]');
    assert.match(await alpha.textContent(), /1 \/ 3/);
    assert.match(await alpha.textContent(), /n2d-custom-4-8192/);
    assert.match(await alpha.textContent(), /SPOT/);
    await shot(page, 'dashboard-overview.png');

    // 3. Cancel one; the others keep running.
    await alpha.locator('button').click();
    await page.waitForURL(/done=cancel/);
    assert.match(await page.textContent('.notice'), /キャンセルを要求しました/);
    assert.equal(await page.locator('tr[data-execution="e2e-alpha"]').count(), 0);
    assert.equal(await page.locator('tr[data-execution="e2e-beta"]').count(), 1);
    const list = await fetch(base + '/v1/form-sender/executions?status=cancelled',
                             {headers: {Authorization: 'Bearer ' + token}});
    assert.equal(list.status, 200);
    assert.ok(JSON.stringify(await list.json()).includes('e2e-alpha'));

    // A cancel without the page's CSRF token is refused, even with the session cookie.
    const forged = await page.request.post(base + '/dashboard/executions/e2e-beta/cancel',
                                           {form: {csrf: 'forged'}, maxRedirects: 0});
    assert.equal(forged.status(), 403);

    // 4. English, then a campaign and one of its failures.
    await page.click('#lang-switch');
    assert.equal(await page.textContent('h1'), 'Overview');
    await page.click('#today a[href="/dashboard/campaigns/1"]');
    assert.equal(new URL(page.url()).pathname, '/dashboard/campaigns/1');
    assert.match(await page.textContent('#success-rate'), /33\.3% \(1 \/ 3\)/);
    assert.match(await page.textContent('#failures'), /営業目的のお問い合わせはお断り/);
    assert.match(await page.textContent('#skips'), /PROHIBITION_DETECTED: 1/);
    assert.match(await page.textContent('#settings'), /max_daily_sends/);
    assert.equal(await page.locator('svg.chart rect').count() > 0, true);
    await shot(page, 'dashboard-campaign.png');
    await page.locator('#failures a[href="/dashboard/submissions/3"]').first().click();
    assert.equal(new URL(page.url()).pathname, '/dashboard/submissions/3');
    const fields = await page.textContent('#fields');
    for (const text of ['your-name', 'お名前', 'email', '0.99', 'type=email']) {
      assert.ok(fields.includes(text), `the field mapping shows ${text}`);
    }
    assert.match(await page.textContent('#steps'), /http_status/);
    await shot(page, 'dashboard-submission.png');

    // 5. /metrics with the bearer token parses as Prometheus text and counts the seeded rows.
    const metrics = await fetch(base + '/metrics', {headers: {Authorization: 'Bearer ' + token}});
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    assert.match(text, /^formsender_executions\{status="running"\} 2$/m);
    assert.match(text, /^formsender_executions\{status="cancelled"\} 1$/m);
    assert.equal((await fetch(base + '/metrics')).status, 401);

    // 6. JavaScript disabled: the tables are there to read.
    const noJs = await browser.newContext({javaScriptEnabled: false, locale: 'en-US'});
    await noJs.addCookies([{...session, sameSite: 'Strict'}]);
    const plain = await noJs.newPage();
    await plain.goto(base + '/dashboard');
    assert.equal(await plain.textContent('h1'), 'Overview');
    assert.match(await plain.textContent('#executions'), /e2e-beta/);
    assert.match(await plain.textContent('#today'), /春の新サービス案内/);
    await plain.goto(base + '/dashboard/campaigns/1');
    assert.match(await plain.textContent('#outcomes'), /SUCCESS/);
    await plain.goto(base + '/dashboard/submissions/3');
    assert.match(await plain.textContent('#fields'), /メールアドレス/);
    await noJs.close();
    await context.close();
    console.log(`e2e-dashboard: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (serve) {
      serve.child.kill('SIGTERM');
      await new Promise((r) => serve.child.once('exit', r));
    }
    fs.rmSync(dataDir, {recursive: true, force: true});
  }
}

main().catch((e) => {
  console.error('e2e-dashboard: FAILED:', e && e.stack ? e.stack : e);
  process.exit(1);
});
