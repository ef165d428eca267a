// Opens edition pages in Debian's headless Chromium (through playwright-core) and reports,
// as JSON on stdout, how right-to-left text is laid out: the page's lang and dir, and for
// the first few segment pairs (or paragraphs) each cell's language, direction, alignment
// and box, in DOM order, plus axe-core's violations.
// Usage: node check_direction.mjs PAGE.html [SCREENSHOT.png] [PAGE.html [SCREENSHOT.png] ...]
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const args = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  for (let i = 0; i < args.length; i += 2) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(args[i]).href);
    const layout = await page.evaluate(() => {
      const describe = (element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return {
          id: element.id || element.parentElement.id, lang: element.closest("[lang]").getAttribute("lang"),
          dir: style.direction, align: style.textAlign, left: box.left, right: box.right,
          text: element.textContent.trim().slice(0, 40),
        };
      };
      const root = document.documentElement;
      return {
        lang: root.lang, dir: root.dir, direction: getComputedStyle(document.body).direction,
        pairs: [...document.querySelectorAll(".pairs .pair.p")].slice(0, 4).map((pair) => [...pair.children].map(describe)),
        paragraphs: [...document.querySelectorAll("main p.seg")].slice(0, 4).map(describe),
      };
    });
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    if (args[i + 1]) await page.screenshot({ path: args[i + 1] });
    results.push({ page: args[i], ...layout, axe });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ results }));
