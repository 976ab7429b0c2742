// Prometheus load from the console with N real browser tabs (Debian's Chromium through the Playwright driver the
// EndToEnd build ships; never `playwright install`), against a running ./run.sh. It counts Prometheus' own
// prometheus_http_requests_total{handler="/api/v1/…"}: idle for 30 s, then for each count in TABS (e.g. "1,20,100") with
// that many tabs on ROUTE for 60 s and for the 60 s after closing them, with the ratio to the first count. Prints
// figures; asserts nothing.
//   PW=tests/MiniMarket.EndToEnd/bin/Debug/net10.0/.playwright
//   PW=$PW PASS=<guardia's password> TABS=1,20,100 ROUTE=kpis $PW/node/linux-x64/node tests/MiniMarket.Benchmarks/browser-tabs.js
// CONSOLE (default http://127.0.0.1:8080) and PROMETHEUS (default http://127.0.0.1:9090) override the addresses.
const { chromium } = require(require('path').resolve(process.env.PW) + '/package');
const CONSOLE = process.env.CONSOLE || 'http://127.0.0.1:8080';
const http = require('http');
function count() {
  return new Promise((resolve, reject) => {
    http.get((process.env.PROMETHEUS || 'http://127.0.0.1:9090') + '/metrics', res => {
      let d = ''; res.on('data', c => d += c); res.on('end', () => {
        let n = 0;
        for (const l of d.split('\n')) if (l.startsWith('prometheus_http_requests_total{') && l.includes('handler="/api/v1/')) n += parseFloat(l.split(' ').pop());
        resolve(n);
      });
    }).on('error', reject);
  });
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const counts = (process.env.TABS || '1,20').split(',').map(n => parseInt(n)), route = process.env.ROUTE ?? 'kpis';
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const login = await context.newPage();
  await login.goto(CONSOLE + '/cuenta/ingresar');
  await login.fill('input[name="Input.UserName"]', 'guardia');
  await login.fill('input[name="Input.Password"]', process.env.PASS);
  await login.click('button[type=submit]');
  await login.waitForURL(u => !u.toString().includes('ingresar'));
  await login.close();
  await sleep(5000);
  let a = await count(); await sleep(30000); let b = await count();
  console.log(`idle, no tabs: ${((b - a) / 30).toFixed(2)} requests/s`);
  let first = null;
  for (const tabs of counts) {
    const pages = [];
    for (let i = 0; i < tabs; i++) { const p = await context.newPage(); await p.goto(CONSOLE + '/' + route); pages.push(p); }
    await sleep(10000);
    a = await count(); await sleep(60000); b = await count();
    const rate = (b - a) / 60;
    first ??= rate;
    console.log(`${tabs} tabs on /${route}, 60 s: ${rate.toFixed(2)} requests/s (${(rate / first).toFixed(2)}x the ${counts[0]}-tab figure)`);
    for (const p of pages) await p.close();
    a = await count(); await sleep(60000); b = await count();
    console.log(`after closing them, next 60 s: ${((b - a) / 60).toFixed(2)} requests/s`);
  }
  await browser.close();
})();
