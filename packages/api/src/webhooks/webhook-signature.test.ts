// Webhook handlers given a secret accept only deliveries signed with it (x-ifls-signature, as the
// emulator sends with IFLS_EMULATOR_WEBHOOK_SECRET): anything else is 401 and never reaches the
// site's function. Signatures are made here with node:crypto, following the README's recipe.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, describe, test } from 'node:test';
import { createAuthWebhookHandler } from './auth-webhook-handler.js';
import { createEventWebhookHandler } from './event-webhook-handler.js';
import type { WebhookHandler } from './webhook-handler.js';

const SECRET = 'shared-secret-of-the-site';
const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

function sign(body: string, secret = SECRET, unixSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

async function serveNode(handler: WebhookHandler): Promise<string> {
  const server = createServer((request, response) => void handler.handleNode(request, response));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

const connect = JSON.stringify({ channel_id: 'C', connection_id: 'X', client_id: 'K', role: 'sendonly', metadata: { ticket: 'ok' } });

/** An auth handler that counts what reached the site's function. */
function countingAuthHandler(secret: string | string[] = SECRET) {
  const seen: unknown[] = [];
  const handler = createAuthWebhookHandler(
    (request) => {
      seen.push(request);
      return { allowed: true };
    },
    { signature: { secret } },
  );
  return { handler, seen };
}

describe('signed webhooks over Node http', () => {
  test('a correctly signed delivery is answered; missing, wrong, tampered, stale or garbled signatures are 401 and never decided', async () => {
    const { handler, seen } = countingAuthHandler();
    const url = await serveNode(handler);
    const post = (body: string, signature?: string) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-ifls-signature': signature } : {}) },
      });

    const good = await post(connect, sign(connect));
    assert.equal(good.status, 200);
    assert.deepEqual(await good.json(), { allowed: true });
    assert.equal(seen.length, 1);

    const now = Math.floor(Date.now() / 1000);
    for (const [what, body, signature] of [
      ['no signature', connect, undefined],
      ['another secret', connect, sign(connect, 'not-the-secret')],
      ['a changed body', connect.replace('sendonly', 'recvonly'), sign(connect)],
      ['six minutes old', connect, sign(connect, SECRET, now - 360)],
      ['six minutes ahead', connect, sign(connect, SECRET, now + 360)],
      ['no v1', connect, `t=${now}`],
      ['no t', connect, sign(connect).replace(/^t=\d+,/, '')],
      ['a short digest', connect, `t=${now},v1=abcd`],
      ['garbage', connect, 'not a signature at all'],
      ['an enormous header', connect, `t=${now},${'v1=00,'.repeat(1000)}`],
    ] as const) {
      const response = await post(body, signature);
      assert.equal(response.status, 401, what);
      assert.equal(((await response.json()) as { error_type: string }).error_type, 'INVALID-SIGNATURE', what);
    }
    assert.equal(seen.length, 1, 'nothing unsigned reached the decider');
  });

  test('while a secret is replaced, either one verifies, and no other', async () => {
    const { handler } = countingAuthHandler(['new-secret', SECRET]);
    const url = await serveNode(handler);
    for (const [secret, status] of [
      ['new-secret', 200],
      [SECRET, 200],
      ['retired-secret', 401],
    ] as const) {
      const response = await fetch(url, { method: 'POST', body: connect, headers: { 'x-ifls-signature': sign(connect, secret) } });
      assert.equal(response.status, status, secret);
    }
  });

  test('the signature covers the bytes as sent, not text decoded and encoded again', async () => {
    const { handler } = countingAuthHandler();
    const url = await serveNode(handler);
    // bytes that are not UTF-8 inside a string: decoding would replace them, and a signature over the
    // decoded text would not match what was signed
    const body = Buffer.concat([
      Buffer.from('{"channel_id":"C","role":"recvonly","metadata":"ゆき'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const signature = (secret: string) => {
      const t = Math.floor(Date.now() / 1000);
      return `t=${t},v1=${createHmac('sha256', secret)
        .update(Buffer.concat([Buffer.from(`${t}.`), body]))
        .digest('hex')}`;
    };
    assert.equal((await fetch(url, { method: 'POST', body, headers: { 'x-ifls-signature': signature(SECRET) } })).status, 200);
    assert.equal((await fetch(url, { method: 'POST', body, headers: { 'x-ifls-signature': signature('other') } })).status, 401);
  });
});

describe('signed webhooks, fetch-style', () => {
  test('event handler: a signed event is handled, an unsigned one is 401', async () => {
    const events: unknown[] = [];
    const handler = createEventWebhookHandler((event) => void events.push(event), { signature: { secret: SECRET } });
    const event = JSON.stringify({ type: 'connection.created', id: 'E1', timestamp: new Date().toISOString(), channel_id: 'C' });
    const signed = await handler.handleFetch(
      new Request('http://x/', { method: 'POST', body: event, headers: { 'x-ifls-signature': sign(event) } }),
    );
    assert.equal(signed.status, 200);
    const unsigned = await handler.handleFetch(new Request('http://x/', { method: 'POST', body: event }));
    assert.equal(unsigned.status, 401);
    assert.equal(events.length, 1);
    // without the option, unsigned deliveries are handled as before
    const open = createEventWebhookHandler((received) => void events.push(received));
    assert.equal((await open.handleFetch(new Request('http://x/', { method: 'POST', body: event }))).status, 200);
    assert.equal(events.length, 2);
  });
});
