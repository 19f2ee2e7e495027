/**
 * How every webhook leaves the emulator (issue 12): never to a link-local or metadata address
 * unless the operator allows it, whatever the URL's host resolves to; never reading more than a
 * bounded answer; never following a redirect; signed when a secret is set. Real HTTP servers on
 * loopback stand in for the webhooks; names are given the answers a test needs through the
 * policy's resolver (nothing else about the exchange is replaced).
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { startWebhookRecorder, type WebhookRecorder } from '../test/webhook-recorder.js';
import { WebhookAddressPolicy, WebhookAddressRefusedError } from './webhook-address-policy.js';
import { SIGNATURE_HEADER, WebhookAnswerTooLargeError, WebhookSender } from './webhook-sender.js';
import { sleep } from '@ifls/test-support/sleep.js';

let hooks: WebhookRecorder;
let endless: Server;
let endlessOrigin: string;
let endlessBytesSent = 0;

before(async () => {
  hooks = await startWebhookRecorder();
  // Answers 200 with a body that never ends, as fast as the socket takes it.
  endless = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!response.destroyed && response.write(chunk)) endlessBytesSent += chunk.length;
      if (!response.destroyed) response.once('drain', pump);
    };
    response.write('{"allowed":true,"padding":"');
    pump();
  });
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  const address = endless.address();
  endlessOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  await hooks.close();
  endless.closeAllConnections();
  await new Promise<void>((resolve) => endless.close(() => resolve()));
});

/** A policy whose resolver answers `answers` for every name. */
function resolvingTo(answers: LookupAddress[], allowInternal = false): WebhookAddressPolicy {
  return new WebhookAddressPolicy({ allowInternal, resolve: async () => answers });
}

function post(sender: WebhookSender, url: string, maxAnswerBytes = 1024) {
  return sender.post({ url, body: '{"type":"test"}', timeoutMs: 3000, maxAnswerBytes });
}

const port = () => new URL(hooks.origin).port;

describe('the address policy', () => {
  test('link-local and metadata hosts written in the URL are refused without a connection', async () => {
    const sender = new WebhookSender();
    for (const host of [
      '169.254.169.254',
      '169.254.170.2',
      '2852039166', // 169.254.169.254 as one number
      '0xa9.0xfe.0xa9.0xfe',
      '[::ffff:169.254.169.254]',
      '[fe80::1]',
      '[fd00:ec2::254]',
      '100.100.100.200',
      '192.0.0.192',
      'metadata.google.internal',
      'METADATA.GOOGLE.INTERNAL.',
    ]) {
      await assert.rejects(post(sender, `http://${host}/latest/meta-data/`), WebhookAddressRefusedError, host);
    }
  });

  test('a name that resolves to a metadata address is refused, and nothing is connected to', async () => {
    const calls = hooks.calls.length;
    for (const answers of [
      [{ address: '169.254.169.254', family: 4 }],
      [{ address: 'fe80::1', family: 6 }],
      // a name answering a reachable address and a metadata one is trusted with neither
      [
        { address: '127.0.0.1', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
    ]) {
      const sender = new WebhookSender({ policy: resolvingTo(answers) });
      await assert.rejects(post(sender, `http://hooks.example.test:${port()}/auth`), WebhookAddressRefusedError, JSON.stringify(answers));
    }
    assert.equal(hooks.calls.length, calls, 'the webhook server was never reached');
  });

  test('the address the name resolved to is the one connected to; loopback is allowed', async () => {
    const sender = new WebhookSender({ policy: resolvingTo([{ address: '127.0.0.1', family: 4 }]) });
    const reply = await post(sender, `http://hooks.example.test:${port()}/resolved`);
    assert.equal(reply.status, 200);
    const call = hooks.calls.find((candidate) => candidate.path === '/resolved');
    assert.equal(call?.headers.host, `hooks.example.test:${port()}`);
    assert.equal((await post(new WebhookSender(), `http://localhost:${port()}/by-localhost`)).status, 200);
  });

  test('--allow-internal-webhooks lets every address through', async () => {
    const policy = resolvingTo(
      [
        { address: '127.0.0.1', family: 4 },
        { address: 'fe80::1', family: 6 },
      ],
      true,
    );
    const reply = await post(new WebhookSender({ policy }), `http://hooks.example.test:${port()}/allowed`);
    assert.equal(reply.status, 200);
    assert.doesNotThrow(() => policy.checkHost('169.254.169.254'));
    assert.doesNotThrow(() => policy.checkHost('metadata.google.internal'));
  });

  test('a redirect is answered as it is, never followed (it could lead to a refused address)', async () => {
    hooks.answer('/redirect', { status: 302, body: '' });
    const calls = hooks.calls.length;
    const reply = await post(new WebhookSender(), `${hooks.origin}/redirect`);
    assert.equal(reply.status, 302);
    assert.equal(hooks.calls.length, calls + 1);
  });
});

describe('the answer', () => {
  test('an answer longer than the limit fails as soon as it passes it, and the rest is never read', async () => {
    const started = Date.now();
    await assert.rejects(post(new WebhookSender(), `${endlessOrigin}/`, 256 * 1024), WebhookAnswerTooLargeError);
    assert.ok(Date.now() - started < 2000, 'failed at once, not at the deadline');
    const sentAtFailure = endlessBytesSent;
    await sleep(300);
    // the connection is cut: the server cannot push more than what socket buffers held
    assert.ok(endlessBytesSent - sentAtFailure < 8 * 1024 * 1024, `${endlessBytesSent - sentAtFailure} more bytes were taken`);
  });

  test('an event webhook reads no answer body at all', async () => {
    const reply = await post(new WebhookSender(), `${endlessOrigin}/`, 0);
    assert.deepEqual(reply, { status: 200, body: '' });
  });
});

describe('the signature', () => {
  test('with a secret, each webhook carries x-ifls-signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>">', async () => {
    const secret = 'correct horse battery staple';
    const before = Math.floor(Date.now() / 1000);
    await post(new WebhookSender({ secret }), `${hooks.origin}/signed`);
    const call = hooks.calls.find((candidate) => candidate.path === '/signed')!;
    const header = call.headers[SIGNATURE_HEADER] as string;
    // the receiver's check, as the README gives it
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    assert.ok(match, header);
    const timestamp = Number(match[1]);
    assert.ok(timestamp >= before && timestamp <= Math.floor(Date.now() / 1000), 'the time of sending');
    const expected = createHmac('sha256', secret).update(`${match[1]}.${call.raw}`).digest();
    assert.ok(timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected), 'the HMAC of the body as sent');
  });

  test('without a secret there is no signature header', async () => {
    await post(new WebhookSender(), `${hooks.origin}/unsigned`);
    const call = hooks.calls.find((candidate) => candidate.path === '/unsigned')!;
    assert.equal(call.headers[SIGNATURE_HEADER], undefined);
  });
});
