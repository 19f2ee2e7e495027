/**
 * Slow and greedy clients against a real demo server over real sockets: they are closed after the
 * timeouts, past the connection cap they are turned away, and everyone else is served meanwhile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openSocket, rawRequest, type OpenSocket } from '../e2e/raw-http.js';
import type { RunningDemoServer } from './demo-server.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './server-limits.js';
import { startTestBackend, startTestDemoServer } from './test-demo-server.js';
import { sleep } from '@ifls/test-support/sleep.js';

const SHORT: Partial<ServerLimits> = { headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 500, checkIntervalMs: 100 };

describe('the demo server under slow and greedy clients', () => {
  let backend: ImageFluxBackend;
  const servers: RunningDemoServer[] = [];
  const sockets: OpenSocket[] = [];
  const timers: NodeJS.Timeout[] = [];

  before(async () => {
    backend = await startTestBackend();
  });

  after(async () => {
    for (const timer of timers) clearTimeout(timer);
    for (const { socket } of sockets) socket.destroy();
    await Promise.all(servers.map((server) => server.close()));
    await backend?.close();
  });

  const start = async (limits?: Partial<ServerLimits>) => {
    const server = await startTestDemoServer({ backend, ...(limits === undefined ? {} : { limits }) });
    servers.push(server);
    return server;
  };
  const open = async (server: RunningDemoServer, first?: string) => {
    const socket = await openSocket(server.url, first);
    sockets.push(socket);
    return socket;
  };
  /** Writes `text` to the socket every `ms`, as a slowloris client does to stay just alive. */
  const trickle = (socket: OpenSocket, text: string, ms = 150) => {
    const timer = setInterval(() => socket.socket.writable && socket.socket.write(text), ms);
    timers.push(timer);
    void socket.closed.then(() => clearInterval(timer));
  };
  /** ms until `client` closed, or Infinity if it is still open after `limitMs`. */
  const closedWithin = (client: OpenSocket, limitMs: number) =>
    Promise.race([client.closed, new Promise<number>((resolve) => timers.push(setTimeout(() => resolve(Infinity), limitMs)))]);
  const session = async (server: RunningDemoServer) => {
    const started = Date.now();
    const answer = await rawRequest(server.url, { path: '/api/session' });
    return { status: answer.status, ms: Date.now() - started };
  };

  test('slowloris clients are closed after the headers timeout while normal requests are served', async () => {
    const server = await start(SHORT);
    const slow = await Promise.all(Array.from({ length: 20 }, () => open(server, 'GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n')));
    for (const client of slow) trickle(client, 'X-Slow: 1\r\n');
    for (let index = 0; index < 5; index += 1) {
      const served = await session(server);
      assert.equal(served.status, 200);
      assert.ok(served.ms < 500, `a normal request took ${served.ms} ms while slow clients hung on`);
    }
    const closedAfter = await Promise.all(slow.map((client) => closedWithin(client, 5000)));
    for (const [index, ms] of closedAfter.entries()) {
      assert.ok(ms >= 900 && ms < 2500, `slow client closed after ${ms} ms`);
      assert.match(slow[index]!.received(), /^HTTP\/1\.1 408 /);
    }
    assert.equal((await session(server)).status, 200);
  });

  test('a body that trickles in is ended by the request timeout', async () => {
    const server = await start(SHORT);
    const client = await open(
      server,
      'POST /api/channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    trickle(client, ' ');
    const ms = await closedWithin(client, 5000);
    assert.ok(ms >= 1400 && ms < 3000, `closed after ${ms} ms`);
    assert.equal((await session(server)).status, 200);
  });

  test('connections past the cap are turned away at once, and served again once others end', async () => {
    const server = await start({ ...SHORT, headersTimeoutMs: 30_000, requestTimeoutMs: 30_000, maxConnections: 5 });
    const held = await Promise.all(Array.from({ length: 5 }, () => open(server)));
    const extra = await open(server, 'GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const ms = await closedWithin(extra, 2000);
    assert.ok(ms < 1000, `the connection past the cap was still open after ${ms} ms`);
    assert.equal(extra.received(), '');
    for (const client of held) client.socket.destroy();
    await Promise.all(held.map((client) => client.closed));
    // The server notices the ends on its next turn of the event loop.
    await sleep(100);
    assert.equal((await session(server)).status, 200);
  });

  test('as shipped, a connection that sends nothing is closed within the headers timeout', { timeout: 30_000 }, async () => {
    const server = await start();
    const silent = await open(server);
    const limit = DEFAULT_SERVER_LIMITS.headersTimeoutMs + DEFAULT_SERVER_LIMITS.checkIntervalMs + 1500;
    const ms = await closedWithin(silent, limit);
    assert.ok(ms >= DEFAULT_SERVER_LIMITS.headersTimeoutMs - 100 && ms < limit, `a silent connection was closed after ${ms} ms`);
    assert.ok(DEFAULT_SERVER_LIMITS.headersTimeoutMs <= 15_000 && DEFAULT_SERVER_LIMITS.maxConnections <= 1024);
  });
});
