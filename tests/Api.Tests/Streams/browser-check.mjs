// Drives Debian chromium headless (playwright-core, installed by .ci/browser.sh) for BrowserTests:
//   node browser-check.mjs <playwright-core dir> <chromium executable> <viewer page url>
// Opens the page, prints READY once its EventSource is open, then waits for the first "match" event the page
// shows and prints EVENT <the event's JSON>. Exit code 0 on success, 1 on any failure.
import { createRequire } from "node:module";
import path from "node:path";

const [toolsDir, executablePath, pageUrl] = process.argv.slice(2);
const { chromium } = createRequire(path.join(toolsDir, "package.json"))("playwright-core");

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  page.on("console", (message) => console.error(`page console: ${message.text()}`));
  await page.goto(pageUrl);
  await page.waitForSelector('#status[data-state="open"]', { timeout: 60_000 });
  console.log("READY");
  const item = await page.waitForSelector('li.event[data-type="match"]', { timeout: 60_000 });
  console.log("EVENT " + (await item.getAttribute("data-json")));
  console.log("TEXT " + (await item.textContent()));
  await browser.close();
  process.exit(0);
} catch (error) {
  console.error(String(error?.stack ?? error));
  await browser.close();
  process.exit(1);
}
