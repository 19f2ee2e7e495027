/**
 * Screenshots of the e2e run: one file per page and moment in test-results/demo/, and, on request,
 * the picture of the README (broadcaster and viewer side by side).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-results', 'demo');

export async function saveScreenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(screenshotDir, { recursive: true });
  // A page behind another tab of its browser may not paint its videos.
  await page.bringToFront();
  const image = await page.screenshot({ fullPage: true });
  writeFileSync(join(screenshotDir, `${name}.png`), image);
  return image;
}

/**
 * Lays two pages side by side, 1200 px wide, and saves the result as demo/screenshot.png. The
 * browser does the layout and the scaling, so no image library is needed.
 */
export async function saveReadmeScreenshot(browser: Browser, left: Page, right: Page): Promise<string> {
  const shots = await sideBySideShots([left, right]);
  const context = await browser.newContext({ viewport: { width: 1200, height: 400 } });
  try {
    const page = await context.newPage();
    const image = (png: Buffer) => `<img src="data:image/png;base64,${png.toString('base64')}">`;
    await page.setContent(
      `<style>body{margin:0;display:flex;gap:8px;background:#d9dde3}img{width:596px;display:block}</style>${shots.map(image).join('')}`,
    );
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));
    const target = join(repoRoot, 'demo', 'screenshot.png');
    writeFileSync(target, await page.screenshot({ fullPage: true }));
    return target;
  } finally {
    await context.close();
  }
}

/** Each page at a small desktop width (still two columns), all cut to the height of the tallest content. */
async function sideBySideShots(pages: Page[]): Promise<Buffer[]> {
  const size = { width: 960, height: 640 };
  const restore = pages.map((page) => page.viewportSize());
  try {
    let height = 0;
    for (const page of pages) {
      await page.setViewportSize(size);
      const main = await page.locator('main').boundingBox();
      height = Math.max(height, Math.ceil((main?.y ?? 0) + (main?.height ?? size.height)));
    }
    const shots: Buffer[] = [];
    for (const page of pages) {
      await page.bringToFront();
      shots.push(await page.screenshot({ clip: { x: 0, y: 0, width: size.width, height: Math.min(height, size.height) } }));
    }
    return shots;
  } finally {
    for (const [index, page] of pages.entries()) {
      const viewport = restore[index];
      if (viewport) await page.setViewportSize(viewport);
    }
  }
}
