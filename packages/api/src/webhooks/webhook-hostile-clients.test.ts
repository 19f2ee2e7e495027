/**
 * A user's server that runs our webhook handlers exactly as the README shows (no catch around
 * `handleNode`) must outlive any client: one that hangs up mid-body, one that trickles its body,
 * one that sends bytes that are not UTF-8. Each case runs against a real server process and then
 * checks that the process still answers a genuine delivery.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connectionCreatedEvent } from '../test/webhook-events.js';

const handlerModule = fileURLToPath(new URL('../index.ts', import.meta.url));

// The README's server, verbatim in spirit: createServer((req, res) => handler.handleNode(req, res)).
const serverScript = `
  import { createServer } from 'node:http';
  const { createEventWebhookHandler } = await import(${JSON.stringify(handlerModule)});
  const events = createEventWebhookHandler(() => {});
  const server = createServer((req, res) => events.handleNode(req, res));
  server.listen(0, '127.0.0.1', () => console.log('port', server.address().port));
`;

let server: ChildProcess;
let port: number;

before(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', serverScript], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout!.on('data', (data: Buffer) => {
      const match = /port (\d+)/.exec(data.toString());
      if (match) resolve(Number(match[1]));
    });
  });
});
after(() => {
  server?.kill('SIGKILL');
});

const event = JSON.stringify(connectionCreatedEvent);

/** Sends raw bytes; resolves with what the server answered (empty if it answered nothing) once the socket closes. */
function raw(send: (socket: import('node:net').Socket) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (data) => (answer += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => send(socket));
  });
}

async function stillServes(): Promise<void> {
  assert.equal(server.exitCode, null, 'the server process is still running');
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: event });
  assert.equal(response.status, 200);
}

test('a client that hangs up in the middle of its body does not end the server', { timeout: 30_000 }, async () => {
  for (let i = 0; i < 5; i++) {
    await raw((socket) => {
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":`);
      setTimeout(() => socket.destroy(), 50);
    });
  }
  await new Promise((done) => setTimeout(done, 300));
  await stillServes();
});

test('a body that never finishes arriving is answered 408 and the socket freed', { timeout: 30_000 }, async () => {
  const answer = await raw((socket) => {
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"id":`);
  });
  assert.match(answer, /^HTTP\/1\.1 408/);
  assert.match(answer, /REQUEST-TIMEOUT/);
  await stillServes();
});

test('a body that is not UTF-8 is refused as JSON, not a crash', { timeout: 30_000 }, async () => {
  const body = Buffer.from([0xff, 0xfe, 0x7b, 0xc3, 0x28]);
  const answer = await raw((socket) => {
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  await stillServes();
});
