/**
 * A signaling connection keeps its own failures (issue 12): a teardown step that throws, a send
 * that cannot be serialized, a socket that throws on send or close. Any of these escaping as an
 * uncaught exception or an unhandled rejection fails this file (node:test's default).
 * In process, with a fake socket and a fake channel; the peer connection is werift's own.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import type { ChannelRecord } from '../media-seam.js';
import type { ChannelMember } from './channel-member.js';
import type { MemberChannel } from './member-channel.js';
import { CloseCode } from './signaling-close.js';
import { SignalingConnection } from './signaling-connection.js';
import type { SignalingHost } from './signaling-host.js';
import { WebhookSender } from './webhook-sender.js';
import { DEFAULT_CONNECTION_LIMITS, MAX_SEND_BUFFER_BYTES } from './signaling-limits.js';
import { sleep } from '@ifls/test-support/sleep.js';

class FakeSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  throwOnSend = false;
  throwOnClose = false;
  terminated = false;

  send(text: string): void {
    if (this.throwOnSend) throw new Error('the socket broke');
    this.sent.push(text);
  }

  close(code: number, reason: string): void {
    if (this.throwOnClose) throw new Error('the socket cannot close');
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
  }

  receive(message: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(message)), false);
  }
}

const channel: ChannelRecord = {
  channel_id: 'CH',
  tenant: 'tenant',
  hls: [],
  auth_webhook_url: '',
  event_webhook_url: '',
  created_at: new Date(0).toISOString(),
};

function setUp(session: Partial<MemberChannel>) {
  const socket = new FakeSocket();
  const log: string[] = [];
  const released: ChannelMember[] = [];
  const host: SignalingHost = {
    findChannel: () => channel,
    sessionFor: () =>
      ({
        sessionId: 'S',
        reserveBroadcaster: () => true,
        addMember: () => undefined,
        establishedMembers: () => [],
        broadcastSource: () => undefined,
        requestKeyframe: () => undefined,
        removeMember: async () => undefined,
        ...session,
      }) as MemberChannel,
    newConnectionId: () => 'C1',
    takeSeat: () => undefined,
    releaseSeat: (connection) => void released.push(connection),
    limits: DEFAULT_CONNECTION_LIMITS,
    webhookSender: new WebhookSender(),
    log: (line) => void log.push(line),
  };
  const connection = new SignalingConnection(socket as unknown as WebSocket, host);
  return { socket, log, released, connection };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300; tries += 1) {
    if (check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('SignalingConnection keeps its own failures', { timeout: 60_000 }, () => {
  test('a teardown whose leaving the channel throws (a notify that overflows the stack) is logged; the rest is still released', async () => {
    const { socket, log, released, connection } = setUp({
      removeMember: async () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    socket.receive({ type: 'connect', role: 'recvonly', channel_id: 'CH' });
    await until('the offer', () => socket.sent.some((text) => text.includes('"offer"')));
    const pc = connection.viewer!.pc;

    socket.readyState = 3;
    socket.emit('close', 1006, Buffer.alloc(0));
    await until('the peer connection closed', () => pc.connectionState === 'closed');
    await until('the failure logged', () =>
      log.some((line) => line.includes('leaving the channel failed') && line.includes('Maximum call stack')),
    );
    assert.deepEqual(released, [connection]);
  });

  test('send never throws: a message that cannot be serialized, or a socket that throws, gives false and a log line', () => {
    const { socket, log, connection } = setUp({});
    assert.equal(connection.send({ type: 'notify', big: 1n }), false);
    socket.throwOnSend = true;
    assert.equal(connection.send({ type: 'push', data: {} }), false);
    assert.equal(log.length, 2, log.join('\n'));
    connection.close({ code: 1000, reason: 'TYPE-DISCONNECT' });
  });

  test('a client that reads nothing is closed with 4036 once 16 MiB wait for it, not kept in memory', async () => {
    const { socket, connection } = setUp({});
    assert.equal(connection.send({ type: 'push', data: {} }), true);
    socket.bufferedAmount = MAX_SEND_BUFFER_BYTES;
    assert.equal(connection.send({ type: 'push', data: {} }), false);
    assert.equal(connection.send({ type: 'push', data: {} }), false);
    await until('the close', () => socket.closedWith !== undefined);
    assert.equal(socket.closedWith?.code, CloseCode.sendBufferFull);
    assert.equal(socket.sent.length, 1);
  });

  test('close never throws: a socket that cannot close is terminated', () => {
    const { socket, log, connection } = setUp({});
    socket.throwOnClose = true;
    connection.close({ code: CloseCode.internalError, reason: 'INTERNAL-ERROR' });
    assert.ok(socket.terminated);
    assert.ok(log.some((line) => line.includes('closing the socket failed')));
  });

  test('a handler that throws on a message ends that connection with 4500, not the process', async () => {
    const { socket, log } = setUp({});
    // Reading `type` throws: the guard around the socket's message handler catches it.
    const hostile = Buffer.from('{"type":"connect"}');
    Object.defineProperty(hostile, 'toString', {
      value: () => {
        throw new Error('unreadable');
      },
    });
    socket.emit('message', hostile, false);
    assert.equal(socket.closedWith?.code, CloseCode.internalError);
    assert.ok(log.some((line) => line.includes('a message failed') && line.includes('unreadable')));
  });
});
