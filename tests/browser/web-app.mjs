// Drives the web app in real headless Chromium, as a user would: enter a key, ask, follow a citation, give a
// thumbs up and four stars, copy the answer, then find the question on the Audit page, open its timeline, verify
// the log, and look at the Learn page. Screenshots of each page go to $SCREENSHOTS. Prints one JSON line with the
// response id and any browser errors; BrowserTests.cs then checks the events the clicks stored.
//
//   BASE_URL=http://127.0.0.1:5080 API_KEY=esk_… QUESTION="how many vacation days?" SCREENSHOTS=./screenshots node web-app.mjs
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const { BASE_URL: base, API_KEY: key, QUESTION: question, SCREENSHOTS: shots = 'screenshots' } = process.env;
if (!base || !key || !question) {
  console.error('BASE_URL, API_KEY and QUESTION are required');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const problems = [];
const steps = [];
const step = what => steps.push(what);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  // A failed request is reported with its address (the console line alone does not name it).
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`); });
  page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`); });
  const statusSays = (selector, text) => page.waitForFunction(
    ([s, t]) => document.querySelector(s)?.textContent.includes(t), [selector, text]);

  // Ask
  await page.goto(`${base}/`);
  await page.fill('#api-key', key);
  await page.click('#key-form button');
  await statusSays('#key-status', 'key set');
  await page.fill('#question', question);
  await page.click('#ask-form button[type=submit]');
  await page.waitForSelector('#result[data-response-id]');
  const responseId = await page.getAttribute('#result', 'data-response-id');
  await page.waitForSelector('#answer a.cite[data-position="1"]');
  step(`asked; response ${responseId}`);
  await page.screenshot({ path: `${shots}/1-ask-answer.png`, fullPage: true });

  await page.click('#answer a.cite[data-position="1"]');
  await page.waitForSelector('#source-1.selected');
  await statusSays('#feedback-status', 'Recorded: click on source 1');
  step('followed citation [1]');
  await page.waitForTimeout(1500); // reading the source: its dwell is sent when the page is left
  await page.click('#thumbs-up');
  await statusSays('#feedback-status', 'Recorded: thumbs up');
  await page.click('label[data-stars="4"]');
  await statusSays('#feedback-status', 'Recorded: 4 stars');
  await page.click('#copy-answer');
  await statusSays('#feedback-status', 'Recorded: copy');
  step('thumbs up, 4 stars, copied');
  await page.screenshot({ path: `${shots}/2-ask-feedback.png`, fullPage: true });

  // Audit: the question appears once the query-log read model has it.
  await page.goto(`${base}/audit`);
  await page.fill('input[name=text]', question);
  const row = `#queries a[href="#${responseId}"]`;
  for (let attempt = 0; ; attempt++) {
    await page.click('#search-form button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('#search-status').textContent.startsWith('Searching'));
    if (await page.$(row)) break;
    if (attempt === 30) throw new Error('the question never appeared in the audit search');
    await page.waitForTimeout(500);
  }
  await page.click(row);
  await statusSays('#timeline-status', 'events.');
  const types = await page.$$eval('#timeline tr td:nth-child(2)', cells => cells.map(c => c.textContent));
  step(`timeline: ${types.join(', ')}`);
  await page.click('#verify');
  await statusSays('#verify-status', 'Intact');
  step('log verified intact');
  await page.screenshot({ path: `${shots}/3-audit.png`, fullPage: true });

  // Learn
  await page.goto(`${base}/learn`);
  await page.waitForSelector('#projections tr');
  await page.waitForSelector('#curve-ndcg svg');
  step('learn page shows the read models and the learning curve');
  await page.screenshot({ path: `${shots}/4-learn.png`, fullPage: true });

  console.log(JSON.stringify({ responseId, timeline: types, steps, problems }));
} catch (error) {
  console.error(`failed after: ${steps.join(' → ') || 'nothing'}\n${error.stack ?? error}\n${problems.join('\n')}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
