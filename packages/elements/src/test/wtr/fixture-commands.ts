/**
 * What the elements' browser tests need from outside the page, as @web/test-runner server commands
 * (`executeServerCommand('ifls', …)` in ../browser/fixtures.ts): live HLS made by ffmpeg on the spot,
 * the real emulator (its API called with our own client, so the access token stays here, never in
 * a page), and a broadcaster that publishes a fake camera with sora-js-sdk from a separate headless
 * Chromium. Everything a test file starts belongs to its session and ends when the file calls
 * `release`, or when the run stops, whatever happened in between.
 */
import { ImageFluxClient, type CreateChannelRequest, type CreateChannelResponse, type JsonObject } from '@ifls/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '@ifls/emulator';
import type { TestRunnerPlugin } from '@web/test-runner-core';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@ifls/emulator/testing';
import { LiveHlsServer, type LiveHlsFault, type LiveHlsServerOptions } from '../fixtures/live-hls-server.js';
import { publish, waitForSegments, type Broadcast } from '../fixtures/sora-publisher.js';
import { startPageServer, type PageServer } from '../page-server.js';
import type { FixtureRequest } from '../browser/fixture-request.js';

type Closer = () => Promise<void>;

/** One emulator, one broadcaster browser for the whole run; started by the first test that needs them. */
class SharedServices {
  #emulator: Promise<{ emulator: RunningEmulator; client: ImageFluxClient }> | undefined;
  #broadcaster: Promise<{ browser: Browser; server: PageServer }> | undefined;

  emulator() {
    this.#emulator ??= (async () => {
      const emulator = await startEmulator();
      const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
      return { emulator, client };
    })();
    return this.#emulator;
  }

  broadcaster() {
    this.#broadcaster ??= Promise.all([launchChromium(), startPageServer()]).then(([browser, server]) => ({ browser, server }));
    return this.#broadcaster;
  }

  async close(): Promise<void> {
    const [emulator, broadcaster] = await Promise.allSettled([this.#emulator, this.#broadcaster]);
    if (broadcaster.status === 'fulfilled' && broadcaster.value) {
      await broadcaster.value.browser.close().catch(() => {});
      await broadcaster.value.server.close().catch(() => {});
    }
    if (emulator.status === 'fulfilled' && emulator.value) {
      await emulator.value.emulator.close().catch(() => {});
    }
  }
}

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
        const server = await LiveHlsServer.start(request.options as LiveHlsServerOptions);
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
        live(request.id).fault = request.fault as LiveHlsFault;
        return null;
      case 'live-hls-edge':
        return live(request.id).liveEdgeAt(request.time) ?? null;
      case 'live-hls-sightings':
        await live(request.id).waitForSightings(request.count);
        return null;
      case 'live-hls-segment-delay':
        live(request.id).segmentDelayMs = request.ms;
        return null;
      case 'live-hls-requests':
        return live(request.id).requests;
      case 'create-channel': {
        const { client } = await shared.emulator();
        const channel: CreateChannelResponse = await client.createChannel({
          hls: request.hls as CreateChannelRequest['hls'],
          ...(request.authWebhookUrl === undefined ? {} : { auth_webhook_url: request.authWebhookUrl }),
        });
        own(sessionId, () => client.deleteChannel(channel.channel_id).then(() => {}, () => {}));
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

interface AuthWebhook {
  url: string;
  /** The JSON bodies of the requests received, in order. */
  requests: JsonObject[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers every POST with `answer`, as a channel's auth webhook. */
async function startAuthWebhook(answer: JsonObject): Promise<AuthWebhook> {
  const requests: JsonObject[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        requests.push(JSON.parse(body) as JsonObject);
      } catch {
        requests.push({ unparsed: body });
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/auth`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A canned answer of a playlist overlay: a status, and a body for a 2xx. */
export interface OverlayAnswer {
  status: number;
  body?: string;
}

interface PlaylistOverlay {
  origin: string;
  /** Answers given instead of the upstream's, by path. */
  answers: Map<string, OverlayAnswer>;
  /** Every request, in order: its path and the status it got. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that relays `upstream` (an origin: same paths), except the paths
 * given canned answers: a multivariant playlist that is there while one of its media playlists is
 * not, or lists no segment yet, which no encoder makes on purpose.
 */
async function startPlaylistOverlay(upstream: string): Promise<PlaylistOverlay> {
  const answers = new Map<string, OverlayAnswer>();
  const requests: { path: string; status: number }[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://overlay').pathname;
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    const canned = answers.get(path);
    const answer: Promise<{ status: number; type?: string; body?: Buffer | string }> = canned
      ? Promise.resolve({ ...canned, type: 'application/vnd.apple.mpegurl' })
      : fetch(new URL(path, upstream), { cache: 'no-store' }).then(
          async (relayed) => ({
            status: relayed.status,
            type: relayed.headers.get('content-type') ?? undefined,
            body: Buffer.from(await relayed.arrayBuffer()),
          }),
          () => ({ status: 502 }),
        );
    void answer.then(({ status, type, body }) => {
      requests.push({ path, status });
      response.writeHead(status, { ...headers, ...(type ? { 'content-type': type } : {}) }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    answers,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

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
async function watchInChromium(
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
