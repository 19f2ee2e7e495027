/**
 * The demo backend's JSON API against a real emulator (control plane only: no browser, no media).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChannelList, ConnectionList, DemoChannel, DemoErrorBody, PushResult } from '../shared/demo-api-types.js';
import type { RunningDemoServer } from './demo-server.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { startTestBackend, startTestDemoServer } from './test-demo-server.js';

const HLS = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }];

describe('the demo API', () => {
  let backend: ImageFluxBackend;
  let server: RunningDemoServer;

  before(async () => {
    backend = await startTestBackend();
    server = await startTestDemoServer({ backend });
  });

  after(async () => {
    await server?.close();
    await backend?.close();
  });

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  test('says it runs against the emulator', async () => {
    assert.deepEqual((await call('GET', '/api/session')).body, { backend: 'emulator' });
  });

  test('creates a channel, keeps it for the session, with the audio bitrate the service uses', async () => {
    const created = await call<DemoChannel>('POST', '/api/channels', { hls: HLS });
    assert.equal(created.status, 201);
    assert.match(created.body.sora_url, /^ws:\/\/127\.0\.0\.1:\d+\/signaling$/);
    assert.match(created.body.playlist_url, /\.m3u8$/);
    assert.equal(created.body.hls[0]?.audio?.bps, 96000);
    const list = await call<ChannelList>('GET', '/api/channels');
    assert.equal(list.body.channels[0]?.channel_id, created.body.channel_id);
  });

  test('keeps only the HLS fields it offers (no archive, no webhooks)', async () => {
    const hls = [{ ...HLS[0], archive: { archive_destination_id: 'x' } }];
    const created = await call<DemoChannel>('POST', '/api/channels', { hls, event_webhook_url: 'http://example.com/' });
    assert.equal(created.status, 201);
    assert.equal('archive' in (created.body.hls[0] ?? {}), false);
  });

  test('names the wrong field of a create request', async () => {
    const hls = [{ ...HLS[0], durationSeconds: 0 }];
    const refused = await call<DemoErrorBody>('POST', '/api/channels', { hls });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid-request');
    assert.equal(refused.body.error.field, 'hls[0].durationSeconds');
  });

  test('acts only on channels created in this session', async () => {
    const refused = await call<DemoErrorBody>('DELETE', '/api/channels/SOMEONE-ELSES');
    assert.equal(refused.status, 404);
    assert.equal(refused.body.error.code, 'channel-not-found');
  });

  test('lists connections, pushes to the channel and relays the push as a server-sent event', async () => {
    const channel = (await call<DemoChannel>('POST', '/api/channels', { hls: HLS })).body;
    const path = `/api/channels/${channel.channel_id}`;
    assert.deepEqual((await call<ConnectionList>('GET', `${path}/connections`)).body, { connections: [] });

    const events = await fetch(new URL(`${path}/events`, server.url));
    assert.match(events.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
    };
    await readUntil(/retry:/); // the stream is open: the push below will reach it

    const pushed = await call<PushResult>('POST', `${path}/push`, { message: '  hello  ' });
    assert.equal(pushed.status, 200);
    assert.equal(pushed.body.pushed.message, 'hello');
    await readUntil(/event: push\ndata: .*"hello"/);

    await call('DELETE', path);
    await readUntil(/event: deleted\n/);
    await reader.cancel();
  });

  test('refuses an empty message', async () => {
    const channel = (await call<DemoChannel>('POST', '/api/channels', { hls: HLS })).body;
    const refused = await call<DemoErrorBody>('POST', `/api/channels/${channel.channel_id}/push`, { message: ' ' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'message');
  });

  test('deletes a channel once; afterwards it is marked deleted and refuses pushes', async () => {
    const channel = (await call<DemoChannel>('POST', '/api/channels', { hls: HLS })).body;
    const path = `/api/channels/${channel.channel_id}`;
    const deleted = await call<DemoChannel>('DELETE', path);
    assert.equal(deleted.status, 200);
    assert.ok(deleted.body.deleted_at);
    assert.equal((await call<DemoChannel>('DELETE', path)).status, 200, 'deleting again is not an error');
    const refused = await call<DemoErrorBody>('POST', `${path}/push`, { message: 'late' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'channel-deleted');
  });
});
