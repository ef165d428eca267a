// Opens edition pages in Debian's headless Chromium (through playwright-core) and reports,
// as JSON on stdout, what the Python tests assert: the target of a #segment link, the
// language switcher and whether injected script ran (check_pages.mjs measures every page's
// width and runs axe-core on it).
// Usage: node check_editions.mjs PAGE.html SEGMENT_ID [PAGE.html SEGMENT_ID ...]
import { pathToFileURL } from "node:url";
import { launch } from "./chromium.mjs";

const args = process.argv.slice(2);
const browser = await launch();
const results = [];
const requests = [];
try {
  for (let i = 0; i < args.length; i += 2) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    const dialogs = [];
    page.on("dialog", async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
    const url = pathToFileURL(args[i]).href;
    await page.goto(`${url}#${args[i + 1]}`);
    const target = await page.evaluate(() => document.querySelector(":target")?.id ?? null);
    const lang = await page.evaluate(() => document.documentElement.lang);
    const pwned = await page.evaluate(() => document.documentElement.dataset.pwned ?? null);
    const title = await page.title();
    const switcher = await page.$$eval("nav.languages a[hreflang]", (links) =>
      links.map((a) => ({ href: a.getAttribute("href"), hreflang: a.getAttribute("hreflang") })));
    let followed = null;
    if (switcher.length) {
      await Promise.all([page.waitForNavigation(), page.click("nav.languages a[hreflang]")]);
      followed = { url: page.url(), lang: await page.evaluate(() => document.documentElement.lang) };
      await page.goto(`${url}#${args[i + 1]}`);
    }
    results.push({ page: args[i], target, lang, pwned, title, switcher, followed, dialogs });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ results, requests }));
