/**
 * A broadcaster for tests: a Chromium page running unmodified sora-js-sdk publishes the fake
 * camera (or any MediaStream the page makes) to a channel of the emulator.
 */
import type { Browser, Page } from 'playwright-core';
import type { PageServer } from './page-server.js';
import { sleep } from './sleep.js';

export interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

export interface Broadcast {
  page: Page;
  /** Disconnects and closes the page. */
  stop(): Promise<void>;
}

const publisherPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>publisher</title></head><body>
<script type="module">
  import Sora from '/repo/node_modules/sora-js-sdk/dist/sora.js';
  window.publish = async (soraUrl, channelId) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480, frameRate: 30 } });
    window.connection = Sora.connection(soraUrl).sendonly(channelId, null, { videoCodecType: 'H264' });
    await window.connection.connect(stream);
  };
</script>
</body></html>`;

/** Publishes the fake camera to `channel`; resolves once connected. */
export async function publish(browser: Browser, server: PageServer, channel: Channel): Promise<Broadcast> {
  server.page('/sora-publisher.html', publisherPage);
  const page = await browser.newPage();
  await page.goto(`${server.url}/sora-publisher.html`);
  await page.waitForFunction(() => 'publish' in window);
  await page.evaluate(
    ({ soraUrl, channelId }) => (window as unknown as { publish(url: string, id: string): Promise<void> }).publish(soraUrl, channelId),
    { soraUrl: channel.sora_url, channelId: channel.channel_id },
  );
  return {
    page,
    async stop() {
      await page
        .evaluate(() => (window as unknown as { connection: { disconnect(): Promise<void> } }).connection.disconnect())
        .catch(() => {});
      await page.close();
    },
  };
}

/** Resolves once `playlistUrl` lists `segments` segments. */
export async function waitForSegments(playlistUrl: string, segments: number, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const response = await fetch(playlistUrl, { cache: 'no-store' }).catch(() => undefined);
    const text = response?.ok ? await response.text() : '';
    if ((text.match(/#EXTINF/g)?.length ?? 0) >= segments) return;
    if (Date.now() > deadline) throw new Error(`${playlistUrl} did not list ${segments} segments in time`);
    await sleep(200);
  }
}
