import { existsSync } from "node:fs";
import { JSDOM } from "jsdom";
import { chromium, type Browser, type Page } from "playwright-core";

/** The real mermaid package, on a jsdom document (its parser needs a DOM). */
export async function loadMermaid(): Promise<{ parse: (text: string) => Promise<unknown> }> {
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  return (await import("mermaid")).default;
}

/** Headless Chromium at `CHROMIUM_PATH` (default `/usr/bin/chromium`); fails saying how to get it. */
export async function launchChromium(): Promise<Browser> {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); .ci/run does this.`,
    );
  }
  return chromium.launch({
    executablePath: path,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The fill a CSS variable resolves to in the page's stylesheet, read from a probe element. */
export function resolvedFill(page: Page, cssVariable: string): Promise<string> {
  return page.evaluate((variable) => {
    const probe = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    probe.style.fill = `var(${variable})`;
    document.querySelector("svg")!.appendChild(probe);
    return getComputedStyle(probe).fill;
  }, cssVariable);
}
