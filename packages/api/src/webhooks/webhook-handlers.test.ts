import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { createAuthWebhookHandler } from './auth-webhook-handler.js';
import { createEventWebhookHandler } from './event-webhook-handler.js';
import type { WebhookHandler } from './webhook-handler.js';
import type { EventWebhook } from './types.js';
import { connectionCreatedEvent } from '../test/webhook-events.js';

const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

async function serveNode(handler: WebhookHandler): Promise<string> {
  const server = createServer((request, response) => void handler.handleNode(request, response));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

const connect = { channel_id: 'C', connection_id: 'X', client_id: 'K', role: 'sendonly', metadata: { ticket: 'ok' } };

const allowTicket = createAuthWebhookHandler((request) => {
  const metadata = request.metadata as { ticket?: string } | undefined;
  if (metadata?.ticket === 'boom') throw new Error('database down');
  return metadata?.ticket === 'ok' ? { allowed: true } : { allowed: false, reason: 'bad ticket' };
});

test('auth handler over Node http: allow, deny with reason, fail closed, bad JSON', async () => {
  const url = await serveNode(allowTicket);
  const post = (body: string) => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  let response = await post(JSON.stringify(connect));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { allowed: true });

  response = await post(JSON.stringify({ ...connect, metadata: { ticket: 'no' } }));
  assert.deepEqual(await response.json(), { allowed: false, reason: 'bad ticket' });

  response = await post(JSON.stringify({ ...connect, metadata: { ticket: 'boom' } }));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { allowed: false, reason: 'AUTH-WEBHOOK-HANDLER-FAILED' });

  response = await post('{not json');
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { error_type: string }).error_type, 'INVALID-JSON');

  response = await post('[1,2]');
  assert.equal(response.status, 400);

  response = await fetch(url);
  assert.equal(response.status, 405);

  response = await post('x'.repeat(1024 * 1024 + 1));
  assert.equal(response.status, 413);
});

test('auth handler with fetch-style Request/Response', async () => {
  const request = (body: string) => new Request('http://x/', { method: 'POST', body });
  let response = await allowTicket.handleFetch(request(JSON.stringify(connect)));
  assert.deepEqual(await response.json(), { allowed: true });
  response = await allowTicket.handleFetch(request('nope'));
  assert.equal(response.status, 400);
  const undecided = createAuthWebhookHandler(() => ({}) as never);
  response = await undecided.handleFetch(request(JSON.stringify(connect)));
  assert.deepEqual(await response.json(), { allowed: false, reason: 'AUTH-WEBHOOK-HANDLER-FAILED' });
});

test('event handler acknowledges handled events and answers 500 when the listener throws', async () => {
  const received: EventWebhook[] = [];
  const handler = createEventWebhookHandler((event) => {
    if (event.channel_id === 'fail') throw new Error('not now');
    received.push(event);
  });
  const event = connectionCreatedEvent;
  const url = await serveNode(handler);
  let response = await fetch(url, { method: 'POST', body: JSON.stringify(event) });
  assert.equal(response.status, 200);
  assert.equal(received.length, 1);
  assert.equal(received[0]!.type, 'connection.created');

  response = await handler.handleFetch(
    new Request('http://x/', { method: 'POST', body: JSON.stringify({ ...event, channel_id: 'fail' }) }),
  );
  assert.equal(response.status, 500);
  response = await handler.handleFetch(new Request('http://x/', { method: 'POST', body: '{' }));
  assert.equal(response.status, 400);
  assert.equal(received.length, 1);
});
