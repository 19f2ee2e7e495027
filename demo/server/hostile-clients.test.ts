/**
 * Nothing a client sends ends the demo: the demo process started as `npm start` starts it, sent
 * what broken or hostile clients send, must answer each with a 4xx (or a closed connection) and
 * still serve its pages' API afterwards.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { DemoChannel } from '../shared/demo-api-types.js';
import { startDemoProcess, type DemoProcess } from '../e2e/demo-process.js';
import { openSocket, rawRequest, type RawAnswer } from '../e2e/raw-http.js';
import { sleep } from '@ifls/test-support/sleep.js';

const HLS = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }];
const PROXY_NAME = 'demo.example.test';

describe('hostile clients against the demo process', () => {
  let demo: DemoProcess;

  before(async () => {
    demo = await startDemoProcess(60_000, { IFLS_DEMO_ALLOWED_HOSTS: PROXY_NAME });
  });

  after(async () => {
    await demo?.stop();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest(demo.url, { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body });
  const errorOf = (answer: RawAnswer) => (answer.json as { error?: { code?: string; message?: string } } | undefined)?.error;

  /** The process is alive and its API works: a channel can still be created. */
  const assertStillServing = async () => {
    assert.equal(demo.exitCode(), null, `the demo exited:\n${demo.output()}`);
    const created = await post('/api/channels', JSON.stringify({ hls: HLS }));
    assert.equal(created.status, 201, created.text);
    assert.ok((created.json as DemoChannel).channel_id);
  };

  test('a body the client abandons half way', async () => {
    for (let index = 0; index < 5; index += 1) {
      const client = await openSocket(
        demo.url,
        `POST /api/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"hls": [`,
      );
      await sleep(50);
      client.socket.destroy();
      await client.closed;
    }
    await sleep(200);
    await assertStillServing();
  });

  test('malformed and deeply nested JSON are 400s', async () => {
    for (const body of [
      '{"hls": [',
      'not json',
      '',
      '[]',
      'null',
      '"text"',
      '['.repeat(8000) + ']'.repeat(8000),
      '{"hls":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
    ]) {
      const answer = await post('/api/channels', body);
      assert.equal(answer.status, 400, `${body.slice(0, 20)}: ${answer.text}`);
      assert.equal(errorOf(answer)?.code, 'invalid-request');
    }
    await assertStillServing();
  });

  test('a huge body is a 413 at once, without the demo reading it', async () => {
    // Announced: refused from Content-Length, before a byte of the body is sent.
    const announced = await openSocket(
      demo.url,
      'POST /api/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n',
    );
    const ms = await Promise.race([announced.closed, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 3000))]);
    assert.ok(ms < 3000, 'the demo waited for a body of a gigabyte');
    assert.match(announced.received(), /^HTTP\/1\.1 413 /);
    assert.match(announced.received(), /larger than/);
    // Unannounced (chunked): refused once it passes the limit.
    const chunked = await post('/api/channels', Buffer.alloc(1024 * 1024, 0x20), { 'transfer-encoding': 'chunked' }).catch(
      (error: Error) => error,
    );
    if (!(chunked instanceof Error)) assert.equal(chunked.status, 413);
    await assertStillServing();
  });

  test('bodies in another encoding are refused and say why', async () => {
    const gzipped = await post('/api/channels', gzipSync(JSON.stringify({ hls: HLS })), { 'content-encoding': 'gzip' });
    assert.equal(gzipped.status, 415);
    assert.match(errorOf(gzipped)?.message ?? '', /uncompressed/);
    const latin1 = Buffer.concat([Buffer.from('{"hls":'), Buffer.from(JSON.stringify(HLS)), Buffer.from(',"note":"caf\xe9"}', 'latin1')]);
    const notUtf8 = await post('/api/channels', latin1);
    assert.equal(notUtf8.status, 400);
    assert.match(errorOf(notUtf8)?.message ?? '', /UTF-8/);
    const wrongType = await post('/api/channels', JSON.stringify({ hls: HLS }), { 'content-type': 'text/plain' });
    assert.equal(wrongType.status, 415);
    await assertStillServing();
  });

  test('garbage instead of HTTP, and event streams dropped at once', async () => {
    for (const garbage of [
      '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
      'GET /\0 HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n',
    ]) {
      const client = await openSocket(demo.url, garbage);
      await Promise.race([client.closed, sleep(2000)]);
      client.socket.destroy();
    }
    const channel = (await post('/api/channels', JSON.stringify({ hls: HLS }))).json as DemoChannel;
    for (let index = 0; index < 5; index += 1) {
      const stream = await openSocket(demo.url, `GET /api/channels/${channel.channel_id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await sleep(30);
      stream.socket.destroy();
    }
    await rawRequest(demo.url, { method: 'DELETE', path: `/api/channels/${channel.channel_id}` });
    await assertStillServing();
  });

  test('IFLS_DEMO_ALLOWED_HOSTS: the proxy name is served, a foreign name is not', async () => {
    const viaProxy = await rawRequest(demo.url, { path: '/api/session', headers: { host: PROXY_NAME } });
    assert.equal(viaProxy.status, 200);
    const foreign = await rawRequest(demo.url, { path: '/', headers: { host: 'rebinding.example' } });
    assert.equal(foreign.status, 421);
    assert.match(foreign.text, new RegExp(PROXY_NAME.replace(/\./g, '\\.')));
    await assertStillServing();
  });
});
