// Opens every HTML file under a build's output folder in one headless Chromium and reports,
// as JSON on stdout, for each page and each viewport width: whether the page scrolls
// sideways (scrollWidth > clientWidth) and which elements stick out past the right edge,
// and axe-core's violations. Pages are opened a few at a time in one browser, which keeps
// a run over every page of a build short.
// Usage: node check_pages.mjs DIST_FOLDER [WIDTH ...]   (widths default to 390 and 1280)
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { axeViolations, launch } from "./chromium.mjs";

const [dist, ...widthArgs] = process.argv.slice(2);
const widths = widthArgs.length ? widthArgs.map(Number) : [390, 1280];
const PARALLEL = 2;

function htmlFiles(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html") && !entry.parentPath.includes(".sco-publish-"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

// In the page: the width of the layout viewport against the document's scroll width, and
// the innermost elements whose box ends past the viewport's right edge (or starts left of 0).
function measure() {
  const root = document.documentElement;
  const width = root.clientWidth;
  const outside = [...document.body.querySelectorAll("*")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  });
  const innermost = outside.filter((element) => !outside.some((other) => other !== element && element.contains(other)));
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: width,
    culprits: innermost.slice(0, 5).map((element) => ({
      tag: element.tagName.toLowerCase(), id: element.id || element.closest("[id]")?.id || null,
      className: element.className || null, right: Math.round(element.getBoundingClientRect().right),
      text: element.textContent.trim().slice(0, 60),
    })),
  };
}

async function check(browser, path) {
  const page = await browser.newPage({ viewport: { width: widths[0], height: 900 } });
  try {
    await page.goto(pathToFileURL(path).href);
    const result = { page: relative(dist, path), lang: await page.evaluate(() => document.documentElement.lang) };
    result.widths = {};
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      result.widths[width] = { ...(await page.evaluate(measure)), axe: await axeViolations(page) };
    }
    return result;
  } finally {
    await page.close();
  }
}

const files = htmlFiles(dist);
const browser = await launch();
const results = [];
try {
  const queue = [...files];
  const workers = Array.from({ length: PARALLEL }, async () => {
    while (queue.length) {
      results.push(await check(browser, queue.shift()));
    }
  });
  await Promise.all(workers);
} finally {
  await browser.close();
}
results.sort((a, b) => a.page.localeCompare(b.page));
console.log(JSON.stringify({ widths, results }));
