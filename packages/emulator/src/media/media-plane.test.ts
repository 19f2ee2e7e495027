/**
 * The media plane end to end: the real emulator (HTTP API + media plane), headless Chromium with
 * a fake camera running the unmodified sora-js-sdk and hls.js, real ffmpeg, and an S3 server
 * (s3rver) on loopback. No timing is asserted here (that is the benchmark's job); timeouts only
 * keep a broken run from hanging.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import S3rver from 's3rver';
import { WebSocket } from 'ws';
import { startMediaFixture, waitFor, type MediaFixture } from '../test/media-fixture.js';
import { defaultHlsEntry } from '../test/hls-entries.js';
import { ffmpegPidFor } from '@ifls/test-support/process-children.js';
import { startWebhookRecorder, type WebhookRecorder } from '../test/webhook-recorder.js';
import { describeNoChildrenLeft } from '../test/children-left.js';
import type { HarnessGlobal, HarnessResult, HarnessEvent } from '@ifls/test-support/media-harness-api.js';

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

const TEST_TIMEOUT = { timeout: 90_000 };

let fixture: MediaFixture;
let hooks: WebhookRecorder;
let broadcasterPage: Page;
let viewerPage: Page;

function createChannel(extra: Record<string, unknown> = {}): Promise<Channel> {
  return fixture.client.createChannel({ hls: [defaultHlsEntry], ...extra });
}

function publish(name: string, channel: Channel, extra: Record<string, unknown> = {}): Promise<HarnessResult> {
  return broadcasterPage.evaluate(([name, options]) => (globalThis as unknown as HarnessGlobal).harness.publish(name, options), [
    name,
    { soraUrl: channel.sora_url, channelId: channel.channel_id, ...extra },
  ] as const);
}

function events(page: Page, name: string): Promise<HarnessEvent[]> {
  return page.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.events(name), name);
}

async function fetchText(url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function waitForPlaylist(url: string, matches: (text: string) => boolean = () => true): Promise<string> {
  return waitFor(`playlist ${url}`, async () => {
    const { status, text } = await fetchText(url);
    return status === 200 && matches(text) ? text : undefined;
  });
}

/** A raw request, so that `..` and encoded paths reach the server as written. */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Opens a signaling socket, sends `frames`, and resolves with how the server closed it. */
function signalingCloseFor(soraUrl: string, frames: (string | Buffer)[]): Promise<{ code: number; reason: string; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(soraUrl);
    const messages: string[] = [];
    socket.on('open', () => {
      for (const frame of frames) socket.send(frame);
    });
    socket.on('message', (data) => messages.push(data.toString()));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
    socket.on('error', reject);
  });
}

const connectMessage = (channelId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'connect', role: 'sendonly', channel_id: channelId, sdp: 'v=0', audio: true, video: true, ...extra });

describe('media plane, end to end with Chromium, sora-js-sdk, hls.js and ffmpeg', () => {
  before(async () => {
    hooks = await startWebhookRecorder();
    fixture = await startMediaFixture({ archiveRoot: tmpdir() }); // the file:// archive test writes in tmpdir()
    broadcasterPage = await fixture.newPage();
    viewerPage = await fixture.newPage();
  });

  after(async () => {
    await fixture?.close();
    await hooks?.close();
  });

  test('a broadcast reaches hls.js and a WebRTC viewer; push, listings, stats and event webhooks follow it', TEST_TIMEOUT, async () => {
    const channel = await createChannel({ event_webhook_url: `${hooks.origin}/events/1` });
    assert.equal((await fetchText(channel.playlist_url)).status, 404, 'no playlist before a broadcast');

    const published = await publish('main', channel, { metadata: { user: 'alice' }, options: { clientId: 'broadcaster' } });
    assert.ok(published.ok, JSON.stringify(published));
    const publisherId = published.connectionId!;

    const playlist = await waitForPlaylist(channel.playlist_url);
    assert.match(playlist, /#EXT-X-START:TIME-OFFSET=-2\.0\n/);
    const { headers } = await fetchText(channel.playlist_url);
    assert.equal(headers.get('content-type'), 'application/vnd.apple.mpegurl');
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.match(headers.get('cache-control') ?? '', /no-cache/);
    const segment = playlist.split('\n').find((line) => line.endsWith('.ts'))!;
    const segmentResponse = await fetch(new URL(segment, channel.playlist_url));
    assert.equal(segmentResponse.status, 200);
    assert.equal(segmentResponse.headers.get('content-type'), 'video/mp2t');
    assert.ok((await segmentResponse.arrayBuffer()).byteLength > 1000);

    await viewerPage.evaluate((url) => (globalThis as unknown as HarnessGlobal).harness.play('hls', url), channel.playlist_url);
    const playing = await waitFor('hls.js playing', async () => {
      const state = await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.videoState('hls'));
      return state && state.currentTime > 1 && state.frames > 20 ? state : undefined;
    });
    assert.equal(playing.videoWidth, 640);
    assert.equal(playing.videoHeight, 480);
    await waitFor('playback advancing', async () => {
      const state = await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.videoState('hls'));
      return state!.currentTime > playing.currentTime + 1 && state!.frames > playing.frames + 20;
    });

    const viewed = await viewerPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.view('webrtc', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(viewed.ok, JSON.stringify(viewed));
    await waitFor(
      'WebRTC viewer frames',
      async () => (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.videoState('webrtc')))!.frames > 15,
    );
    assert.ok(
      (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.streamIds('webrtc'))).includes(publisherId),
      "the stream id is the broadcaster's connection id",
    );

    const connections = await fixture.client.listConnections(channel.channel_id);
    assert.deepEqual(connections.map((connection) => connection.role).sort(), ['recvonly', 'sendonly']);
    assert.equal(connections.find((connection) => connection.role === 'sendonly')!.client_id, 'broadcaster');
    const clients = await fixture.client.listChannelClients(channel.channel_id);
    assert.deepEqual(clients.find((client) => client.client_id === 'broadcaster')?.roles, ['sendonly']);

    const publisherStats = await fixture.client.getStats(channel.channel_id, publisherId);
    assert.ok(publisherStats.total_received_bytes > 100_000, JSON.stringify(publisherStats));
    assert.ok(publisherStats.total_received_packets > 100);
    assert.ok(publisherStats.received_bitrate > 50_000);
    const viewerStats = await fixture.client.getStats(channel.channel_id, viewed.connectionId!);
    assert.ok(viewerStats.total_sent_bytes > 10_000, JSON.stringify(viewerStats));

    const pushes: [string, Record<string, unknown>, boolean, boolean][] = [
      ['Sora_20160711.PushChannel', { n: 1 }, true, true],
      ['Sora_20160711.PushUpstream', { n: 2 }, true, false],
      ['Sora_20160711.PushDownStream', { n: 3 }, false, true],
    ];
    for (const [target, data] of pushes) await fixture.client.request(target, { channel_id: channel.channel_id, data });
    await fixture.client.pushClient(channel.channel_id, 'broadcaster', { n: 4 });
    const pushed = (list: HarnessEvent[]) => list.filter((event) => event.type === 'push').map((event) => (event.data as { n: number }).n);
    await waitFor(
      'pushes',
      async () => pushed(await events(broadcasterPage, 'main')).length === 3 && pushed(await events(viewerPage, 'webrtc')).length === 2,
    );
    assert.deepEqual(pushed(await events(broadcasterPage, 'main')), [1, 2, 4]);
    assert.deepEqual(pushed(await events(viewerPage, 'webrtc')), [1, 3]);

    await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('webrtc'));
    await waitFor('connection.destroyed notify', async () =>
      (await events(broadcasterPage, 'main')).some(
        (event) => event.event_type === 'connection.destroyed' && event.connection_id === viewed.connectionId,
      ),
    );
    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('main'));
    const disconnect = (await events(broadcasterPage, 'main')).find((event) => event.type === 'disconnect');
    assert.equal(disconnect?.code, 1000);
    assert.equal(disconnect?.reason, 'TYPE-DISCONNECT');
    const ended = await waitForPlaylist(channel.playlist_url, (text) => text.includes('#EXT-X-ENDLIST'));

    // The broadcaster comes back: the same playlist goes on, after a discontinuity.
    assert.ok((await publish('again', channel)).ok);
    const resumed = await waitForPlaylist(channel.playlist_url, (text) =>
      /#EXT-X-DISCONTINUITY\n(#EXT-X-PROGRAM-DATE-TIME:.*\n)?#EXTINF:[\d.]+,\nv0_r2_00000\.ts/.test(text),
    );
    assert.doesNotMatch(resumed, /ENDLIST/);
    const lastSequence = (text: string) =>
      Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]) + text.split('\n').filter((line) => line.endsWith('.ts')).length - 1;
    assert.ok(lastSequence(resumed) > lastSequence(ended));
    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('again'));

    const webhookTypes = await waitFor('event webhooks', () => {
      const calls = hooks.calls.filter((call) => call.path === '/events/1');
      return calls.length >= 6 ? calls : undefined;
    });
    const created = webhookTypes.filter((call) => call.body.type === 'connection.created');
    assert.deepEqual(
      created.map((call) => call.body.role).sort(),
      ['recvonly', 'sendonly', 'sendonly'],
      'broadcaster, viewer, broadcaster again',
    );
    const broadcasterCreated = created.find((call) => call.body.connection_id === publisherId);
    assert.equal(broadcasterCreated?.headers['sora-connection-id'], publisherId);
    assert.equal(broadcasterCreated?.body.client_id, 'broadcaster');
    assert.equal(webhookTypes.filter((call) => call.body.type === 'connection.destroyed').length, 3);
    await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.stopPlaying('hls'));
  });

  test('a WebRTC viewer that arrives before the broadcaster gets the media through a re-offer', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    const viewed = await viewerPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.view('early', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(viewed.ok, JSON.stringify(viewed));
    const published = await publish('late', channel);
    assert.ok(published.ok, JSON.stringify(published));
    await waitFor(
      'frames at the early viewer',
      async () => (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.videoState('early')))!.frames > 15,
    );
    assert.ok(
      (await viewerPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.streamIds('early'))).includes(
        published.connectionId!,
      ),
    );
    await fixture.client.deleteChannel(channel.channel_id);
  });

  test('refusals close the socket before the offer, with the documented code', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    const unknown = await broadcasterPage.evaluate(
      ([soraUrl]) => (globalThis as unknown as HarnessGlobal).harness.publish('unknown', { soraUrl, channelId: 'NO-SUCH-CHANNEL' }),
      [channel.sora_url] as const,
    );
    assert.equal(unknown.ok, false);
    assert.equal(unknown.name, 'ConnectError');
    assert.equal(unknown.code, 4004);
    assert.equal(unknown.reason, 'CHANNEL-NOT-FOUND');

    // Several URL candidates: the SDK opens a socket per URL and closes the losers.
    const urls = [channel.sora_url, channel.sora_url, channel.sora_url];
    const first = await publish('first', channel, { urls });
    assert.ok(first.ok, JSON.stringify(first));
    const second = await publish('second', channel, { urls });
    assert.equal(second.ok, false);
    assert.equal(second.code, 4005);
    assert.equal(second.reason, 'BROADCASTER-ALREADY-CONNECTED');
    const connections = await fixture.client.listConnections(channel.channel_id);
    assert.equal(connections.length, 1, 'losing candidate sockets leave nothing behind');
    assert.ok(!(await events(broadcasterPage, 'first')).some((event) => event.type === 'disconnect'));
    // Its broadcaster stays live: closing the emulator at the end must end it and its ffmpeg.
    const cases: [string, (string | Buffer)[], number, RegExp][] = [
      ['a binary frame', [Buffer.from([1, 2, 3])], 4001, /^INVALID-MESSAGE/],
      ['text that is not JSON', ['{oops'], 4001, /^INVALID-MESSAGE/],
      ['a connect without role', [connectMessage(channel.channel_id, { role: undefined })], 4002, /^INVALID-CONNECT-MESSAGE: role/],
      ['a connect without channel_id', [connectMessage('', {})], 4002, /^INVALID-CONNECT-MESSAGE: channel_id/],
      ['a first message other than connect', [JSON.stringify({ type: 'answer', sdp: 'v=0' })], 4003, /^UNEXPECTED-MESSAGE: answer/],
      ['sendrecv', [connectMessage(channel.channel_id, { role: 'sendrecv' })], 4006, /^UNSUPPORTED-ROLE/],
      ['a second broadcaster', [connectMessage(channel.channel_id)], 4005, /^BROADCASTER-ALREADY-CONNECTED$/],
    ];
    for (const [what, frames, code, reason] of cases) {
      const closed = await signalingCloseFor(channel.sora_url, frames);
      assert.equal(closed.code, code, what);
      assert.match(closed.reason, reason, what);
      assert.deepEqual(closed.messages, [], `${what}: no offer before the close`);
    }
  });

  test('the auth webhook decides before the offer; its refusal reason reaches connect()', TEST_TIMEOUT, async () => {
    const channel = await createChannel({ auth_webhook_url: `${hooks.origin}/auth/1` });
    hooks.answer('/auth/1', { status: 200, body: { allowed: false, reason: 'banned user' } });
    const refused = await publish('refused', channel, { metadata: { token: 'bad' } });
    assert.equal(refused.ok, false);
    assert.equal(refused.name, 'ConnectError');
    assert.equal(refused.code, 4010);
    assert.equal(refused.reason, 'AUTH-WEBHOOK-REJECTED: banned user');
    const call = hooks.calls.find((recorded) => recorded.path === '/auth/1')!;
    assert.equal(call.body.channel_id, channel.channel_id);
    assert.equal(call.body.role, 'sendonly');
    assert.deepEqual(call.body.metadata, { token: 'bad' });
    assert.match(String(call.body.sora_client), /Sora JavaScript SDK/);
    assert.equal(call.headers['sora-connection-id'], call.body.connection_id);

    hooks.answer('/auth/1', { status: 500, body: 'broken' });
    const failed = await signalingCloseFor(channel.sora_url, [connectMessage(channel.channel_id)]);
    assert.deepEqual([failed.code, failed.reason], [4011, 'AUTH-WEBHOOK-FAILED: HTTP 500']);
    hooks.answer('/auth/1', { status: 200, body: 'not json' });
    const badJson = await signalingCloseFor(channel.sora_url, [connectMessage(channel.channel_id)]);
    assert.deepEqual([badJson.code, badJson.reason], [4011, 'AUTH-WEBHOOK-FAILED: the answer is not JSON']);

    hooks.answer('/auth/1', { delayMs: 6000, status: 200, body: { allowed: true } });
    const slow = await signalingCloseFor(channel.sora_url, [connectMessage(channel.channel_id)]);
    assert.deepEqual([slow.code, slow.reason], [4011, 'AUTH-WEBHOOK-FAILED: no answer within 5 s']);

    hooks.answer('/auth/1', { status: 200, body: { allowed: true, metadata: { plan: 'gold' } } });
    const allowed = await publish('allowed', channel);
    assert.ok(allowed.ok, JSON.stringify(allowed));
    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('allowed'));
    await fixture.client.deleteChannel(channel.channel_id);
  });

  test('an ffmpeg that dies mid-stream is restarted and the playlist goes on after a discontinuity', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    assert.ok((await publish('restart', channel)).ok);
    const before = await waitForPlaylist(
      channel.playlist_url,
      (text) => text.split('\n').filter((line) => line.endsWith('.ts')).length >= 2,
    );
    const pid = ffmpegPidFor(channel.channel_id);
    assert.ok(pid, 'ffmpeg runs for the channel');
    process.kill(pid, 'SIGKILL');
    const after = await waitForPlaylist(channel.playlist_url, (text) =>
      /#EXT-X-DISCONTINUITY\n(#EXT-X-PROGRAM-DATE-TIME:.*\n)?#EXTINF:[\d.]+,\nv0_r2_/.test(text),
    );
    const sequence = (text: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1]);
    const segments = (text: string) => text.split('\n').filter((line) => line.endsWith('.ts'));
    assert.ok(sequence(after) + segments(after).length > sequence(before) + segments(before).length, 'numbering continues');
    assert.notEqual(ffmpegPidFor(channel.channel_id), pid);
    assert.ok(fixture.logLines.some((line) => line.includes('exited unexpectedly')));

    // Path traversal on a live channel: only listed segments and rendered playlists are served.
    const origin = new URL(channel.playlist_url).origin;
    const base = `/hls/${channel.channel_id}`;
    assert.equal((await rawGet(origin, `${base}/playlist.m3u8`)).status, 200);
    for (const path of [
      `${base}/../../../../etc/passwd`,
      `${base}/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `${base}/..%2F..%2Fetc%2Fpasswd`,
      `/hls/%2e%2e/${channel.channel_id}/playlist.m3u8`,
      `/hls//etc/passwd`,
      `${base}/r1.sdp`,
      `${base}/v0_r1.m3u8`,
      `${base}/%2Fetc%2Fpasswd`,
    ]) {
      const answer = await rawGet(origin, path);
      assert.ok(answer.status === 400 || answer.status === 404, `${path} answered ${answer.status}`);
      assert.doesNotMatch(answer.body, /root:|m=video/, path);
    }
    await fixture.client.deleteChannel(channel.channel_id);
  });

  test('DeleteChannel ends the broadcaster (1000 DISCONNECTED-API) and the playlist (ENDLIST, then 404)', TEST_TIMEOUT, async () => {
    const channel = await createChannel();
    assert.ok((await publish('deleted', channel)).ok);
    await waitForPlaylist(channel.playlist_url);
    await fixture.client.deleteChannel(channel.channel_id);
    const disconnect = await waitFor('disconnect event', async () =>
      (await events(broadcasterPage, 'deleted')).find((event) => event.type === 'disconnect'),
    );
    assert.deepEqual([disconnect.kind, disconnect.code, disconnect.reason], ['normal', 1000, 'DISCONNECTED-API']);
    const ended = await fetchText(channel.playlist_url);
    assert.equal(ended.status, 200);
    assert.match(ended.text, /#EXT-X-ENDLIST\n$/);
    assert.equal(ffmpegPidFor(channel.channel_id), undefined, 'ffmpeg stopped');
    await waitFor('playlist 404', async () => (await fetchText(channel.playlist_url)).status === 404);
  });

  test('two renditions make a multivariant playlist; archives land in S3 (s3rver) and in a file:// folder', TEST_TIMEOUT, async () => {
    const s3Folder = mkdtempSync(join(tmpdir(), 'ifls-s3rver-'));
    const fileFolder = mkdtempSync(join(tmpdir(), 'ifls-archive-'));
    const s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Folder,
      configureBuckets: [{ name: 'archive', configs: [] }],
    });
    const { port } = await s3.run();
    process.env.IFLS_S3_ENDPOINT = `http://127.0.0.1:${port}`;
    // The AWS SDK warns once that its 2027 releases will need Node 22: noise in a test log.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    try {
      const s3Destination = await fixture.client.createArchiveDestination({
        bucket_uri: 's3://archive/recordings/',
        aws_region: 'us-east-1',
        aws_access_key_id: 'S3RVER',
        aws_secret_access_key: 'S3RVER',
      });
      const fileDestination = await fixture.client.createArchiveDestination({
        bucket_uri: `file://${fileFolder}/`,
      });
      const channel = await createChannel({
        event_webhook_url: `${hooks.origin}/events/archive`,
        hls: [
          { ...defaultHlsEntry, archive: { archive_destination_id: s3Destination.archive_destination_id } },
          {
            ...defaultHlsEntry,
            video: { width: 320, height: 240, fps: 15, bps: 300_000 },
            archive: { archive_destination_id: fileDestination.archive_destination_id },
          },
        ],
      });
      const published = await publish('archived', channel);
      assert.ok(published.ok);
      const master = await waitForPlaylist(channel.playlist_url);
      assert.match(master, /#EXT-X-START:TIME-OFFSET=-2\.0\n/);
      assert.match(master, /#EXT-X-STREAM-INF:.*RESOLUTION=640x480.*\nv0\.m3u8\n/);
      assert.match(master, /#EXT-X-STREAM-INF:.*RESOLUTION=320x240.*\nv1\.m3u8\n/);
      const variantUrl = new URL('v1.m3u8', channel.playlist_url).href;
      assert.match(await waitForPlaylist(variantUrl), /#EXT-X-START:TIME-OFFSET=-2\.0\n/);
      await waitForPlaylist(variantUrl, (text) => text.split('\n').filter((line) => line.endsWith('.ts')).length >= 3);
      await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('archived'));

      const playlistsStored = await waitFor(
        'archive_created for both playlists',
        () => {
          const stored = hooks.calls.filter((call) => call.path === '/events/archive' && call.body.type === 'imageflux.archive_created');
          const playlists = stored.filter((call) => (call.body.data as { file_type: string }).file_type === 'm3u8');
          return playlists.length === 2 ? stored : undefined;
        },
        30_000,
      );
      assert.ok(playlistsStored.filter((call) => (call.body.data as { file_type: string }).file_type === 'ts').length >= 6);
      assert.ok(!hooks.calls.some((call) => call.body.type === 'imageflux.archive_failed'));

      const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: 'archive', Prefix: `recordings/${channel.channel_id}/${published.connectionId}/` }),
      );
      const keys = (listed.Contents ?? []).map((object) => object.Key!);
      assert.ok(
        keys.some((key) => key.endsWith('/v0.m3u8')),
        keys.join(', '),
      );
      assert.ok(keys.filter((key) => key.endsWith('.ts')).length >= 3);
      const vod = await (
        await client.send(new GetObjectCommand({ Bucket: 'archive', Key: keys.find((key) => key.endsWith('.m3u8'))! }))
      ).Body!.transformToString();
      assert.match(vod, /#EXT-X-PLAYLIST-TYPE:VOD\n[\s\S]*#EXT-X-ENDLIST\n$/);
      for (const uri of vod.split('\n').filter((line) => line.endsWith('.ts')))
        assert.ok(
          keys.some((key) => key.endsWith(`/${uri}`)),
          uri,
        );

      const localFolder = join(fileFolder, channel.channel_id, published.connectionId!);
      const localFiles = readdirSync(localFolder);
      assert.ok(localFiles.includes('v1.m3u8'));
      assert.ok(localFiles.filter((name) => name.endsWith('.ts')).length >= 3);
      assert.match(readFileSync(join(localFolder, 'v1.m3u8'), 'utf8'), /#EXT-X-ENDLIST\n$/);
      await fixture.client.deleteChannel(channel.channel_id);
    } finally {
      delete process.env.IFLS_S3_ENDPOINT;
      await s3.close();
      rmSync(s3Folder, { recursive: true, force: true });
      rmSync(fileFolder, { recursive: true, force: true });
    }
  });
});

describeNoChildrenLeft('after the suite');
