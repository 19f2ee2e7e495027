/**
 * sora-js-sdk's `disconnect()` sends `{"type":"disconnect"}` and waits (3 s) for the server to
 * close the WebSocket; when nothing comes it gives up and reports 1006. Firefox sends its host
 * candidates as mDNS names (`….local`), which werift looks up before using them, and a name
 * nobody answers for takes it 10 s to give up. The emulator handled messages one after the other
 * and waited for each candidate, so the `disconnect` sat behind such a lookup and Firefox never
 * saw the close in time. Firefox ESR (puppeteer-core over WebDriver BiDi) with the unmodified
 * sora-js-sdk, and a bare client sending such a candidate, against the real emulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ImageFluxClient } from '@ifls/api';
import { RTCPeerConnection } from 'werift';
import { startEmulator, type RunningEmulator } from '../emulator.js';
import { defaultHlsEntry } from '../test/hls-entries.js';
import { startHarnessServer as startPageServer, type HarnessServer as PageServer } from '@ifls/test-support/media-harness.js';
import { RawSignalingClient } from '../test/raw-signaling.js';
import type { HarnessGlobal } from '@ifls/test-support/media-harness-api.js';

const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

interface Channel {
  channel_id: string;
  sora_url: string;
}

let emulator: RunningEmulator;
let pages: PageServer;
let browser: Browser | undefined;
const clients = new Set<RawSignalingClient>();
const pcs = new Set<RTCPeerConnection>();

async function createChannel(): Promise<Channel> {
  const client = new ImageFluxClient({ endpoint: emulator.url, accessToken: emulator.tokens[0]! });
  return client.createChannel({ hls: [defaultHlsEntry] });
}

describe("a client's disconnect is answered with the close at once", () => {
  before(async () => {
    emulator = await startEmulator({ log: (line) => (process.env.IFLS_MEDIA_TEST_LOG ? console.log(`[emulator] ${line}`) : undefined) });
    pages = await startPageServer();
  });

  after(async () => {
    for (const client of clients) await client.close();
    for (const pc of pcs) await pc.close().catch(() => undefined);
    if (browser) {
      const child = browser.process();
      await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]).catch(() => undefined);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await pages?.close();
    await emulator?.close();
  });

  test("Firefox: sora-js-sdk's disconnect() gets 1000 TYPE-DISCONNECT, not its own 1006 after 3 s", { timeout: 120_000 }, async (t) => {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
    });
    const page: Page = await browser.newPage();
    await page.goto(`${pages.origin}/`);
    await page.waitForFunction(() => 'harness' in globalThis);
    const channel = await createChannel();
    const published = await page.evaluate(
      (options) => (globalThis as unknown as HarnessGlobal).harness.publish('firefox', options),
      // Firefox has no H.264 here (OpenH264 is a download).
      { soraUrl: channel.sora_url, channelId: channel.channel_id, options: { videoCodecType: 'VP8' } },
    );
    assert.ok(published.ok, JSON.stringify(published));

    const started = Date.now();
    await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('firefox'));
    const tookMs = Date.now() - started;
    const events = await page.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.events('firefox'));
    const disconnect = events.find((event) => event.type === 'disconnect');
    t.diagnostic(`disconnect() took ${tookMs} ms: ${JSON.stringify(disconnect)}`);
    assert.deepEqual(
      { code: disconnect?.code, reason: disconnect?.reason },
      { code: 1000, reason: 'TYPE-DISCONNECT' },
      `the SDK's disconnect event after ${tookMs} ms: ${JSON.stringify(disconnect)}`,
    );
  });

  test('a disconnect is not held behind an mDNS candidate nobody answers for', { timeout: 60_000 }, async () => {
    const channel = await createChannel();
    const client = await RawSignalingClient.connect(channel.sora_url, { role: 'sendonly', channel_id: channel.channel_id });
    clients.add(client);
    // Answered like Firefox: its candidates trickle, so the answer does not end them (werift
    // ignores candidates after `a=end-of-candidates`).
    const offer = await client.offer();
    const pc = new RTCPeerConnection({ iceServers: [] });
    pcs.add(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp as string });
    await pc.setLocalDescription(await pc.createAnswer());
    client.send(JSON.stringify({ type: 'answer', sdp: pc.localDescription!.sdp.replace(/^a=end-of-candidates\r\n/gm, '') }));
    // werift looks the name up for 10 s before it gives up on it.
    client.send(
      JSON.stringify({
        type: 'candidate',
        candidate: 'candidate:0 1 UDP 2122252543 3f0c9e4a-8d2b-4c57-9a61-0e2f5d7b1c99.local 50000 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
      }),
    );
    client.send(JSON.stringify({ type: 'disconnect', reason: 'NO-ERROR' }));
    // Well under werift's 10 s: the close does not wait for the lookup.
    assert.deepEqual(await client.waitClosed(5_000), { code: 1000, reason: 'TYPE-DISCONNECT' });
  });
});
