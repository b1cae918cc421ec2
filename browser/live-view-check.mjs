// Opens the live view page in headless Chromium and reports what it rendered, as one JSON line on stdout:
//
//   node browser/live-view-check.mjs PAGE_URL TABLE
//
// PLAYWRIGHT_NODE_MODULES: the node_modules that browser/ensure-node-modules linked (playwright-core);
// DEEPHAVEN_CDI_CHROMIUM: the browser, default /usr/bin/chromium (Debian's; playwright-core downloads none).
// It lists the tickets the page shows, picks TABLE, waits for its rows, then for more updates, and prints the
// rows of both moments; the JUnit test that runs it asserts on them. Exits non-zero, saying why, on a failure.
import { createRequire } from 'node:module';
import path from 'node:path';

const [pageUrl, table] = process.argv.slice(2);
if (!pageUrl || !table) {
  console.error('usage: node live-view-check.mjs PAGE_URL TABLE');
  process.exit(2);
}
const modules = process.env.PLAYWRIGHT_NODE_MODULES;
if (!modules) {
  console.error('live-view-check: set PLAYWRIGHT_NODE_MODULES to the node_modules of browser/ensure-node-modules');
  process.exit(2);
}
const { chromium } = createRequire(path.join(modules, 'noop.js'))('playwright-core');
const executablePath = process.env.DEEPHAVEN_CDI_CHROMIUM || '/usr/bin/chromium';
const timeout = 30_000;

// the rows of the view as the user sees them: header names, then each row's cell texts
function readTable() {
  const header = [...document.querySelectorAll('#rows thead th')].map(th => th.textContent);
  const rows = [...document.querySelectorAll('#rows tbody tr')]
      .map(tr => Object.fromEntries([...tr.children].map((td, i) => [header[i], td.textContent])));
  return { header, rows, events: Number(document.getElementById('status').dataset.events),
           status: document.getElementById('status').textContent };
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
const pageErrors = [];
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', error => pageErrors.push(String(error)));
  await page.goto(pageUrl);
  const link = page.locator(`#tickets a[data-name="${table}"]`);
  await link.waitFor();
  const tickets = await page.locator('#tickets a').evaluateAll(links => links.map(a => a.dataset.name));

  await link.click();
  await page.waitForFunction(() => document.querySelectorAll('#rows tbody tr').length > 0);
  const first = await page.evaluate(readTable);
  // later: at least three more updates rendered after the first look
  await page.waitForFunction(seen => Number(document.getElementById('status').dataset.events) >= seen + 3,
      first.events);
  const later = await page.evaluate(readTable);
  const selected = await link.getAttribute('aria-current');
  console.log(JSON.stringify({ url: page.url(), tickets, selected, first, later, pageErrors }));
} catch (error) {
  console.error(`live-view-check: ${error.message}`);
  if (pageErrors.length) console.error(`live-view-check: errors on the page: ${pageErrors.join('; ')}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
