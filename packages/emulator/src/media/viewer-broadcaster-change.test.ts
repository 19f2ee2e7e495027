/**
 * A WebRTC viewer outlives its broadcaster, as on Sora: when the broadcaster leaves, the viewer
 * gets `connection.destroyed` for it and stays connected; when a new broadcaster arrives, the
 * viewer gets its tracks through a re-offer and shows pictures again. Headless Chromium with the
 * unmodified sora-js-sdk against the real emulator (werift); timeouts only keep a broken run
 * from hanging.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startMediaFixture, waitFor, type MediaFixture } from '../test/media-fixture.js';
import { defaultHlsEntry } from '../test/hls-entries.js';
import type { HarnessGlobal, HarnessResult } from '@ifls/test-support/media-harness-api.js';
import { sleep } from '@ifls/test-support/sleep.js';

let fixture: MediaFixture;
let broadcasterPage: Page;
let viewerPage: Page;

function publish(page: Page, name: string, channel: { sora_url: string; channel_id: string }): Promise<HarnessResult> {
  return page.evaluate(([name, options]) => (globalThis as unknown as HarnessGlobal).harness.publish(name, options), [
    name,
    { soraUrl: channel.sora_url, channelId: channel.channel_id },
  ] as const);
}

const viewerEvents = () => viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.events('viewer'));
const viewerFrames = async () =>
  (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.videoState('viewer')))?.frames ?? 0;

describe('a WebRTC viewer when the broadcaster leaves and another comes', () => {
  before(async () => {
    fixture = await startMediaFixture();
    broadcasterPage = await fixture.newPage();
    viewerPage = await fixture.newPage();
  });

  after(async () => {
    await fixture?.close();
  });

  test('the viewer stays connected, hears connection.destroyed, and shows the next broadcaster', { timeout: 120_000 }, async () => {
    const channel = await fixture.client.createChannel({ hls: [defaultHlsEntry] });
    const first = await publish(broadcasterPage, 'first', channel);
    assert.ok(first.ok, JSON.stringify(first));
    const viewed = await viewerPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.view('viewer', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(viewed.ok, JSON.stringify(viewed));
    await waitFor('frames of the first broadcaster', async () => (await viewerFrames()) > 15);

    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('first'));
    await waitFor('connection.destroyed of the first broadcaster', async () =>
      (await viewerEvents()).some((event) => event.event_type === 'connection.destroyed' && event.connection_id === first.connectionId),
    );
    // Long enough for the re-offer without the broadcaster's tracks and for ICE/DTLS to notice a
    // peer connection the emulator broke.
    await sleep(4000);
    const disconnected = (await viewerEvents()).find((event) => event.type === 'disconnect');
    assert.equal(disconnected, undefined, `the viewer was closed: ${JSON.stringify(disconnected)}`);

    const second = await publish(broadcasterPage, 'second', channel);
    assert.ok(second.ok, JSON.stringify(second));
    await waitFor("the second broadcaster's tracks at the viewer", async () =>
      (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.streamIds('viewer'))).includes(
        second.connectionId!,
      ),
    );
    const before = await viewerFrames();
    await waitFor('frames of the second broadcaster', async () => (await viewerFrames()) > before + 15, 30_000);
    assert.equal(
      (await viewerEvents()).find((event) => event.type === 'disconnect'),
      undefined,
    );
    const connections = await fixture.client.listConnections(channel.channel_id);
    assert.ok(
      connections.some((connection) => connection.connection_id === viewed.connectionId),
      'the viewer is still listed',
    );

    await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('viewer'));
    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('second'));
  });
});
