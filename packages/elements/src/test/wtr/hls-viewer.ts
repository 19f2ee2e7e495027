/** A plain hls.js viewer in the fixtures' Chromium: proof that a broadcast plays outside our player. */
import type { PageServer } from '@ifls/test-support/page-server.js';
import type { Browser } from 'playwright-core';

const viewerPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>viewer</title></head><body>
<video muted playsinline></video>
<script type="module">
  import Hls from '/repo/node_modules/hls.js/dist/hls.mjs';
  window.watch = (url, seconds) => new Promise((resolve, reject) => {
    const video = document.querySelector('video');
    const hls = new Hls({ manifestLoadPolicy: { default: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000,
      timeoutRetry: { maxNumRetry: 20, retryDelayMs: 500, maxRetryDelayMs: 1000 },
      errorRetry: { maxNumRetry: 40, retryDelayMs: 500, maxRetryDelayMs: 1000 } } } });
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) reject(new Error('hls.js: ' + data.details)); });
    hls.loadSource(url);
    hls.attachMedia(video);
    video.play().catch(() => {});
    let start;
    const check = () => {
      if (start === undefined && video.currentTime > 0) start = video.currentTime;
      if (start !== undefined && video.currentTime >= start + seconds) {
        resolve({ width: video.videoWidth, height: video.videoHeight, played: video.currentTime - start });
        hls.destroy();
      } else setTimeout(check, 100);
    };
    check();
  });
</script>
</body></html>`;

/** A viewer in the fixtures' Chromium: plays `playlistUrl` with hls.js until `seconds` of it have played. */
export async function watchInChromium(
  browser: Browser,
  server: PageServer,
  playlistUrl: string,
  seconds: number,
): Promise<{ width: number; height: number; played: number }> {
  server.page('/viewer.html', viewerPage);
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/viewer.html`);
    await page.waitForFunction(() => 'watch' in window);
    return await page.evaluate(
      ({ playlistUrl, seconds }) =>
        (window as unknown as { watch(url: string, seconds: number): Promise<{ width: number; height: number; played: number }> }).watch(
          playlistUrl,
          seconds,
        ),
      { playlistUrl, seconds },
    );
  } finally {
    await page.close();
  }
}
