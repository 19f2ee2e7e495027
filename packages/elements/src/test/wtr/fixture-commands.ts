/**
 * What the elements' browser tests need from outside the page, as @web/test-runner server commands
 * (`executeServerCommand('ifls', …)` in ../browser/fixtures.ts): live HLS made by ffmpeg on the spot,
 * the real emulator (its API called with our own client, so the access token stays here, never in
 * a page), and a broadcaster that publishes a fake camera with sora-js-sdk from a separate headless
 * Chromium. Everything a test file starts belongs to its session and ends when the file calls
 * `release`, or when the run stops, whatever happened in between.
 */
import type { CreateChannelResponse } from '@ifls/api';
import type { TestRunnerPlugin } from '@web/test-runner-core';
import { publish, waitForSegments, type Broadcast } from '@ifls/test-support/sora-publisher.js';
import { LiveHlsServer } from '../fixtures/live-hls-server.js';
import type { FixtureRequest } from '../browser/fixture-request.js';
import { startAuthWebhook, type AuthWebhook } from './auth-webhook.js';
import { watchInChromium } from './hls-viewer.js';
import { startPlaylistOverlay, type PlaylistOverlay } from './playlist-overlay.js';
import { SharedServices } from './shared-services.js';

type Closer = () => Promise<void>;

export function fixtureCommands(): TestRunnerPlugin {
  const shared = new SharedServices();
  const liveServers = new Map<string, LiveHlsServer>();
  const broadcasts = new Map<string, Broadcast>();
  const webhooks = new Map<string, AuthWebhook>();
  const overlays = new Map<string, PlaylistOverlay>();
  /** What each test session (one test file in one browser) started, to end when it is done. */
  const owned = new Map<string, Closer[]>();
  let nextId = 1;

  const own = (sessionId: string, close: Closer) => {
    if (!owned.has(sessionId)) owned.set(sessionId, []);
    owned.get(sessionId)!.push(close);
  };
  const release = async (sessionId: string) => {
    const closers = owned.get(sessionId) ?? [];
    owned.delete(sessionId);
    await Promise.allSettled(closers.reverse().map((close) => close()));
  };
  const live = (id: string) => {
    const server = liveServers.get(id);
    if (!server) throw new Error(`no live HLS server ${id}`);
    return server;
  };

  async function run(request: FixtureRequest, sessionId: string): Promise<unknown> {
    switch (request.action) {
      case 'live-hls-start': {
        const server = await LiveHlsServer.start(request.options);
        const id = `live-${nextId++}`;
        liveServers.set(id, server);
        own(sessionId, async () => {
          liveServers.delete(id);
          await server.close();
        });
        return { id, playlistUrl: server.playlistUrl, origin: server.origin };
      }
      case 'live-hls-broadcast':
        await live(request.id).broadcast();
        return null;
      case 'live-hls-end':
        await live(request.id).end();
        return null;
      case 'live-hls-fault':
        live(request.id).fault = request.fault;
        return null;
      case 'live-hls-edge':
        return live(request.id).liveEdgeAt(request.time) ?? null;
      case 'live-hls-sightings':
        await live(request.id).waitForSightings(request.count);
        return null;
      case 'live-hls-segment-delay':
        live(request.id).segmentDelayMs = request.ms;
        return null;
      case 'live-hls-segment-tail-hold':
        live(request.id).segmentTailHoldMs = request.ms;
        return null;
      case 'live-hls-tails':
        return live(request.id).tails;
      case 'live-hls-requests':
        return live(request.id).requests;
      case 'live-hls-segments-out':
        return live(request.id).segmentsOut;
      case 'create-channel': {
        const { client } = await shared.emulator();
        const channel: CreateChannelResponse = await client.createChannel({
          hls: request.hls,
          ...(request.authWebhookUrl === undefined ? {} : { auth_webhook_url: request.authWebhookUrl }),
        });
        own(sessionId, () =>
          client.deleteChannel(channel.channel_id).then(
            () => {},
            () => {},
          ),
        );
        return channel;
      }
      case 'auth-webhook-start': {
        const webhook = await startAuthWebhook(request.answer);
        const id = `webhook-${nextId++}`;
        webhooks.set(id, webhook);
        own(sessionId, async () => {
          webhooks.delete(id);
          await webhook.close();
        });
        return { id, url: webhook.url };
      }
      case 'playlist-overlay-start': {
        const overlay = await startPlaylistOverlay(request.upstream);
        const id = `overlay-${nextId++}`;
        overlays.set(id, overlay);
        own(sessionId, async () => {
          overlays.delete(id);
          await overlay.close();
        });
        return { id, origin: overlay.origin };
      }
      case 'playlist-overlay-answer': {
        const overlay = overlays.get(request.id);
        if (!overlay) throw new Error(`no playlist overlay ${request.id}`);
        if (request.answer === null) overlay.answers.delete(request.path);
        else overlay.answers.set(request.path, request.answer);
        return null;
      }
      case 'playlist-overlay-requests': {
        const overlay = overlays.get(request.id);
        if (!overlay) throw new Error(`no playlist overlay ${request.id}`);
        return overlay.requests;
      }
      case 'auth-webhook-requests': {
        const webhook = webhooks.get(request.id);
        if (!webhook) throw new Error(`no auth webhook ${request.id}`);
        return webhook.requests;
      }
      case 'delete-channel': {
        const { client } = await shared.emulator();
        await client.deleteChannel(request.channelId);
        return null;
      }
      case 'list-connections': {
        const { client } = await shared.emulator();
        return client.listConnections(request.channelId);
      }
      case 'push-channel': {
        const { client } = await shared.emulator();
        return client.pushChannel(request.channelId, request.data);
      }
      case 'publish': {
        const { browser, server } = await shared.broadcaster();
        const broadcast = await publish(browser, server, request.channel);
        const id = `broadcast-${nextId++}`;
        broadcasts.set(id, broadcast);
        own(sessionId, async () => {
          if (broadcasts.delete(id)) await broadcast.stop();
        });
        return { id };
      }
      case 'unpublish': {
        const broadcast = broadcasts.get(request.id);
        broadcasts.delete(request.id);
        await broadcast?.stop();
        return null;
      }
      case 'watch': {
        // hls.js does not retry a 404 playlist: look only once the stream has begun.
        await waitForSegments(request.playlistUrl, 2);
        const { browser, server } = await shared.broadcaster();
        return watchInChromium(browser, server, request.playlistUrl, request.seconds);
      }
      case 'wait-for-segments':
        await waitForSegments(request.playlistUrl, request.segments, request.timeoutMs);
        return null;
      case 'release':
        await release(sessionId);
        return null;
    }
  }

  return {
    name: 'ifls-fixtures',
    async executeCommand({ command, payload, session }) {
      if (command !== 'ifls') return undefined;
      // Wrapped: the runner takes a null or undefined answer for "no plugin handles this command".
      return { value: (await run(payload as FixtureRequest, session.id)) ?? null };
    },
    async serverStop() {
      await Promise.allSettled([...owned.keys()].map(release));
      await shared.close();
    },
  };
}
