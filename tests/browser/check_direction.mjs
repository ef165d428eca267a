// Opens edition pages in Debian's headless Chromium (through playwright-core) and reports,
// as JSON on stdout, how right-to-left text is laid out: the page's lang and dir, and for
// the first few segment pairs (or paragraphs) each cell's language, direction, alignment
// and box, in DOM order, plus axe-core's violations and whether the page scrolls sideways.
// Usage: node check_direction.mjs PAGE.html [SCREENSHOT.png] [PAGE.html [SCREENSHOT.png] ...]
import { pathToFileURL } from "node:url";
import { axeViolations, launch } from "./chromium.mjs";

const args = process.argv.slice(2);
const browser = await launch();
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
    const axe = await axeViolations(page);
    if (args[i + 1]) await page.screenshot({ path: args[i + 1] });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    results.push({ page: args[i], ...layout, axe, overflow });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ results }));
