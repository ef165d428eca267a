// Reports, as JSON on stdout, what Chromium's accessibility tree makes of each paragraph-number
// link (a.para-num) of the given pages: its role and computed accessible name, its href and id.
// Usage: node check_anchors.mjs PAGE.html [PAGE.html ...]
import { pathToFileURL } from "node:url";
import { launch } from "./chromium.mjs";

const browser = await launch();
const results = {};
try {
  for (const path of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path).href);
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector: "a.para-num" });
    const links = [];
    for (const nodeId of nodeIds) {
      const { attributes } = await cdp.send("DOM.getAttributes", { nodeId });
      const attrs = Object.fromEntries(attributes.flatMap((value, i) => (i % 2 ? [] : [[value, attributes[i + 1]]])));
      const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
      links.push({ href: attrs.href, id: attrs.id, role: nodes[0].role?.value, name: nodes[0].name?.value });
    }
    results[path] = links;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
