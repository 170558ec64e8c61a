// The Playwright baseline of bench/engine: Debian's chromium-headless-shell driven by
// playwright-core fills each form with the selectors and values it is given (no analysis:
// the expected mapping is handed to it), clicks submit, passes a confirmation screen, and
// waits for the result page. Prints one JSON line: forms, successes, seconds, CPU seconds of
// node + every Chromium process, peak RSS of the whole process tree, MiB per form in flight.
//
//   node run.js JOBS.json CONCURRENCY
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const concurrency = parseInt(process.argv[3] || '4', 10);
const TICKS = 100;  // clock ticks per second on Linux (getconf CLK_TCK)

function treeOf(root) {
  const parents = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(d), { ppid: Number(fields[1]), fields });
    } catch (e) { /* exited */ }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const [pid, p] of parents) if (p.ppid === out[i]) out.push(pid);
  }
  return out.map((pid) => ({ pid, fields: parents.get(pid) && parents.get(pid).fields }));
}

function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch (e) { return 0; }
}

// utime + stime + cutime + cstime of every live process of the tree: children already reaped
// are in their parent's cutime/cstime.
function cpuSeconds() {
  let ticks = 0;
  for (const p of treeOf(process.pid)) {
    if (!p.fields) continue;
    ticks += Number(p.fields[11]) + Number(p.fields[12]) + Number(p.fields[13]) + Number(p.fields[14]);
  }
  return ticks / TICKS;
}

async function fillAndSubmit(page, job) {
  await page.goto(job.url, { waitUntil: 'load', timeout: 30000 });
  for (const f of job.fields) {
    const sel = `[name="${f.name.replace(/"/g, '\\"')}"]`;
    const el = await page.$(sel);
    if (!el) continue;
    const tag = await el.evaluate((e) => e.tagName.toLowerCase() + ':' + (e.type || ''));
    const values = Array.isArray(f.value) ? f.value : [f.value];
    if (tag.startsWith('select')) {
      await page.selectOption(sel, values.map(String));
    } else if (tag.endsWith(':checkbox') || tag.endsWith(':radio')) {
      for (const v of values) {
        const box = await page.$(`${sel}[value="${String(v).replace(/"/g, '\\"')}"]`);
        if (box) await box.check({ force: true });
      }
    } else {
      await page.fill(sel, String(f.value));
    }
  }
  const submit = 'form button[type=submit], form input[type=submit], form input[type=image], form button:not([type])';
  for (let step = 0; step < 2; step++) {
    const buttons = await page.$$(submit);
    let clicked = false;
    for (const b of buttons) {
      const text = (await b.evaluate((e) => (e.innerText || e.value || e.alt || ''))).trim();
      if (/戻る|修正|リセット|back|reset/i.test(text)) continue;
      if (!(await b.isVisible())) continue;
      await Promise.all([page.waitForLoadState('load').catch(() => {}), b.click({ timeout: 10000 })]);
      await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
      clicked = true;
      break;
    }
    if (!clicked) break;
    const body = await page.evaluate(() => document.body ? document.body.innerText : '');
    if (/ありがとう|完了|送信しました|受け付け|thank/i.test(body)) return true;
  }
  return false;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium-headless-shell',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--disable-quic'],
  });
  let peakKb = 0;
  const baseKb = treeOf(process.pid).reduce((s, p) => s + rssKb(p.pid), 0);
  const sampler = setInterval(() => {
    const kb = treeOf(process.pid).reduce((s, p) => s + rssKb(p.pid), 0);
    if (kb > peakKb) peakKb = kb;
  }, 200);
  const cpu0 = cpuSeconds();
  const t0 = Date.now();
  let next = 0;
  let ok = 0;
  let errors = 0;
  async function worker() {
    while (next < jobs.length) {
      const job = jobs[next++];
      const context = await browser.newContext({ locale: 'ja-JP' });
      const page = await context.newPage();
      try {
        if (await fillAndSubmit(page, job)) ok++;
      } catch (e) {
        errors++;
      }
      await context.close();
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - t0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  clearInterval(sampler);
  await browser.close();
  console.log(JSON.stringify({
    bench: 'flow', engine: 'playwright', forms: jobs.length, succeeded: ok, errors, concurrency, seconds,
    forms_per_minute: 60 * jobs.length / seconds, cpu_seconds: cpu, cpu_seconds_per_form: cpu / jobs.length,
    rss_before_mib: baseKb / 1024, peak_rss_mib: peakKb / 1024,
    mib_per_form_in_flight: (peakKb - baseKb) / 1024 / Math.min(concurrency, jobs.length),
  }));
})().catch((e) => { console.error(e); process.exit(1); });
