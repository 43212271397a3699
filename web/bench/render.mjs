// Render times of the dashboard in headless chromium against a running
// `dyad serve` (bench/dashboard_wrk.sh builds the 1M-event store):
//   node web/bench/render.mjs http://127.0.0.1:PORT [RUNS] [SCREENSHOT.png]
// First render: from navigation start (fresh page, empty cache) to the
// overview drawn (main[data-ready-at], the page's own clock). Filter change:
// from the URL change to the view redrawn, requests included (the page's
// clock: data-render-ms), and as puppeteer sees it (input to redrawn, with
// the DevTools round trips a busy machine makes slow).
import puppeteer from "puppeteer-core";

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const screenshot = process.argv[4]; // the overview at 1280x800 (README's docs/dashboard.png)
if (!base) {
  console.error("usage: node web/bench/render.mjs http://127.0.0.1:PORT [RUNS]");
  process.exit(2);
}
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms (n=${s.length})`;
};
const ready = (page, before) =>
  page.waitForFunction((b) => {
    const v = document.getElementById("view");
    return v && v.dataset.ready && v.dataset.ready !== b && !v.hasAttribute("aria-busy");
  }, { timeout: 60000 }, before);

const first = [];
for (let i = 0; i < runs; ++i) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(base + "/#/overview", { waitUntil: "domcontentloaded" });
  await ready(page, "");
  first.push(await page.evaluate(() => Number(document.getElementById("view").dataset.readyAt)));
  await context.close();
}
console.log(`first render of the overview: ${stats(first)}`);

const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 800 });
await page.goto(base + "/#/overview", { waitUntil: "domcontentloaded" });
await ready(page, "");
if (screenshot) await page.screenshot({ path: screenshot });
const changes = [
  ["quad=4", (p) => p.select("#f-quad", "4")],
  ["CAMEO root 18", (p) => p.select("#f-code", "18")],
  ["clear", (p) => p.click("[data-clear]")],
  ["actor IRQ", async (p) => { await p.type("#f-actor", "IRQ"); await p.keyboard.press("Enter"); }],
  ["per week", (p) => p.select("#f-interval", "week")],
  ["per month", (p) => p.select("#f-interval", "month")],
  ["clear", (p) => p.click("[data-clear]")],
  ["from 2023-03-14", async (p) => { await p.$eval("#f-from", (e) => { e.value = "2023-03-14"; e.dispatchEvent(new Event("change", { bubbles: true })); }); }],
  ["text Bamako", async (p) => { await p.type("#f-text", "Bamako"); await p.keyboard.press("Enter"); }],
  ["clear", (p) => p.click("[data-clear]")],
];
const times = [], inPage = [];
for (let round = 0; round < runs; ++round) {
  for (const [name, act] of changes) {
    const before = await page.evaluate(() => document.getElementById("view").dataset.ready);
    const t0 = await page.evaluate(() => performance.now());
    await act(page);
    await ready(page, before);
    const ms = (await page.evaluate(() => performance.now())) - t0;
    const drawn = await page.evaluate(() => Number(document.getElementById("view").dataset.renderMs));
    times.push(ms);
    inPage.push(drawn);
    if (round === 0) console.log(`  ${name}: ${drawn.toFixed(0)} ms in the page, ${ms.toFixed(0)} ms through puppeteer`);
  }
}
console.log(`filter change to redrawn view, in the page: ${stats(inPage)}`);
console.log(`filter change to redrawn view, through puppeteer: ${stats(times)}`);
await browser.close();
