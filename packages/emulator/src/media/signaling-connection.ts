/**
 * One client's signaling WebSocket, Sora style (docs/sora-signaling.md): the client sends
 * `connect`, the server answers with the `offer`, the client sends `answer` and `candidate`s;
 * then `ping`/`pong`, `push`, `notify`, `re-offer` and `disconnect`. Every refusal closes the
 * socket before the offer (codes in signaling-close.ts). The channel sees the connection as a
 * ChannelMember; the connection sees the channel as a MemberChannel.
 *
 * Nothing a client sends may end the process (issue 12): messages are bounded before anything is
 * built from them (signaling-frame.ts), and every path that runs outside a caller who handles its
 * errors (socket events, timers, werift callbacks, teardown) catches its own, logs it, and at
 * worst ends this one connection.
 */
import type { RawData, WebSocket } from 'ws';
import { describeError } from '../describe-error.js';
import { authorizeConnection } from './auth-webhook.js';
import type { ChannelMember } from './channel-member.js';
import { parseConnectMessage, type ConnectRequest } from './connect-message.js';
import { ConnectionPeer } from './connection-peer.js';
import type { ConnectionTraffic } from './connection-traffic.js';
import { Keepalive } from './keepalive.js';
import type { MemberChannel } from './member-channel.js';
import { offerMessage } from './offer-message.js';
import type { PublisherPeer } from './publisher-peer.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { FrameReader, type SignalingMessage } from './signaling-frame.js';
import type { SignalingHost } from './signaling-host.js';
import { SignalingSocket } from './signaling-socket.js';
import type { ViewerPeer } from './viewer-peer.js';

const CONNECT_TIMEOUT_MS = 10_000;

type State = 'waiting-connect' | 'authorizing' | 'offering' | 'offered' | 'closed';

export class SignalingConnection implements ChannelMember {
  // What the channel and the media plane read, through ChannelMember (read-only there). Only this
  // class writes them, while the `connect` is handled and the peer connection comes up.
  /** Given by the emulator when the `connect` is accepted. */
  connectionId = '';
  /** The client's `client_id`, the auth webhook's, or else the connection id. */
  clientId = '';
  /** The client's `connect`, as parsed. */
  request!: ConnectRequest;
  /** The auth webhook's `metadata` payout: sent back in the offer and in notifies as `authz_metadata`. */
  authzMetadata: unknown = undefined;
  /** The auth webhook's `event_metadata` payout: repeated in event webhooks. */
  eventMetadata: unknown = undefined;
  /** Media flows (the peer connection is connected) and the client has its connection.created. */
  established = false;
  /** When the connection was established. */
  establishedAt: Date | undefined;
  /** The broadcaster's peer, once the offer is made; undefined for a viewer. */
  publisher: PublisherPeer | undefined;
  /** A viewer's peer, once the offer is made; undefined for the broadcaster. */
  viewer: ViewerPeer | undefined;
  /** The peer connection's traffic figures, once the offer is made. */
  traffic: ConnectionTraffic | undefined;

  private readonly wire: SignalingSocket;
  private readonly frames = new FrameReader();
  private readonly keepalive: Keepalive;
  private state: State = 'waiting-connect';
  private channel: MemberChannel | undefined;
  private peer: ConnectionPeer | undefined;
  /** Messages are handled one after the other: an answer must be applied before later candidates. */
  private messageQueue: Promise<void> = Promise.resolve();
  private readonly connectTimer: NodeJS.Timeout;
  /** From an accepted `connect` until the peer connection is connected. */
  private negotiationTimer: NodeJS.Timeout | undefined;
  private answered = false;

  constructor(
    socket: WebSocket,
    private readonly host: SignalingHost,
  ) {
    this.wire = new SignalingSocket(socket, {
      isClosed: () => this.isClosed(),
      onSendBufferFull: (close) => this.guard('a close', () => this.close(close)),
      log: (line) => this.host.log(`${this.label()}: ${line}`),
    });
    this.keepalive = new Keepalive({
      ping: () => void this.send({ type: 'ping', stats: false }),
      onPongTimeout: () => this.close(signalingClose(CloseCode.pongTimeout, 'PONG-TIMEOUT')),
      guard: (what, work) => this.guard(what, work),
    });
    socket.on('message', (data, isBinary) => this.guard('a message', () => this.onFrame(data, isBinary)));
    socket.on('close', () => this.teardownInBackground());
    // e.g. a frame over maxPayload: ws itself closes the socket (1009), and 'close' follows.
    socket.on('error', () => undefined);
    this.connectTimer = setTimeout(
      () => this.guard('the connect timer', () => this.close(signalingClose(CloseCode.connectTimeout, 'CONNECT-TIMEOUT'))),
      CONNECT_TIMEOUT_MS,
    );
    this.connectTimer.unref();
  }

  /** `sendonly` for the broadcaster, `recvonly` for a viewer (known once `connect` is parsed). */
  get role(): ConnectRequest['role'] {
    return this.request.role;
  }

  /** Sends a message; false when it could not be sent. Never throws: callers loop over every member of a channel. */
  send(message: Record<string, unknown>): boolean {
    return this.wire.send(message);
  }

  /** Closes the socket with `close` and releases everything of the connection. Never throws. */
  close(close: SignalingClose): void {
    this.wire.close(close);
    // The socket's close event may take a while (the peer must answer the close frame); the
    // connection is gone for the channel right away.
    this.teardownInBackground();
  }

  /** Sends the viewer a `re-offer` for its new tracks and applies the `re-answer`. */
  renegotiate(): void {
    if (this.state === 'offered') this.peer?.renegotiate();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    const reading = this.frames.read(data, isBinary);
    if (!reading.ok) {
      this.close(reading.close);
      return;
    }
    const message = reading.message;
    if (message.type === 'disconnect' && this.state !== 'waiting-connect') {
      // Not behind the queue: the client waits for the close (sora-js-sdk gives up after 3 s and
      // reports 1006), and nothing still queued matters once it leaves.
      this.close(signalingClose(CloseCode.normal, 'TYPE-DISCONNECT'));
      return;
    }
    this.messageQueue = this.messageQueue
      .then(() => this.handle(message))
      .catch((error: unknown) => {
        // Ended meanwhile (the client left while its offer was made): werift's complaint is no news.
        if (this.isClosed())
          this.host.log(
            `${this.label()}: ${message.type} not handled, the connection ended: ${(error as Error)?.message ?? String(error)}`,
          );
        else this.host.log(`${this.label()}: ${message.type} failed: ${describeError(error)}`);
        this.close(signalingClose(CloseCode.internalError, 'INTERNAL-ERROR'));
      });
  }

  private async handle(message: SignalingMessage): Promise<void> {
    if (this.state === 'closed') return;
    if (this.state === 'waiting-connect') {
      if (message.type !== 'connect') {
        this.close(signalingClose(CloseCode.unexpectedMessage, `UNEXPECTED-MESSAGE: ${message.type}`));
        return;
      }
      clearTimeout(this.connectTimer);
      await this.connect(message);
      return;
    }
    switch (message.type) {
      case 'answer':
        await this.answer(message);
        return;
      case 'candidate':
        this.peer?.addCandidate(message);
        return;
      case 're-answer':
        this.peer?.reanswer(message.sdp);
        return;
      case 'pong':
        this.keepalive.pong();
        return;
      case 'disconnect':
        this.close(signalingClose(CloseCode.normal, 'TYPE-DISCONNECT'));
        return;
      case 'connect':
        this.close(signalingClose(CloseCode.unexpectedMessage, 'UNEXPECTED-MESSAGE: connect'));
        return;
      default:
        // Sora ignores what it does not know (stats, update…)
        return;
    }
  }

  private async connect(message: Record<string, unknown>): Promise<void> {
    const parsed = parseConnectMessage(message);
    if (!parsed.ok) {
      this.close(parsed.close);
      return;
    }
    const request = parsed.request;
    this.request = request;
    const record = this.host.findChannel(request.channelId);
    if (!record) {
      this.close(signalingClose(CloseCode.channelNotFound, 'CHANNEL-NOT-FOUND'));
      return;
    }
    const noSeat = this.host.takeSeat(this, record);
    if (noSeat) {
      this.close(noSeat);
      return;
    }
    // From here the connection holds a place: it must be connected in time, or it goes.
    this.startNegotiationDeadline();
    const channel = this.host.sessionFor(record);
    // The broadcaster's seat is taken now, not after the webhook: two broadcasters racing
    // through their auth webhooks must not both get in.
    if (request.role === 'sendonly' && !channel.reserveBroadcaster(this)) {
      this.close(signalingClose(CloseCode.broadcasterAlreadyConnected, 'BROADCASTER-ALREADY-CONNECTED'));
      return;
    }
    this.channel = channel;
    this.connectionId = this.host.newConnectionId();
    this.clientId = request.clientId ?? this.connectionId;

    if (record.auth_webhook_url !== '') {
      this.state = 'authorizing';
      const asked = { channel: record, request, connectionId: this.connectionId, channelConnections: channel.establishedMembers().length };
      const authorization = await authorizeConnection(this.host.webhookSender, asked, this.host.log);
      if (this.isClosed()) return;
      if (!authorization.allowed) {
        this.close(authorization.close);
        return;
      }
      if (authorization.clientId !== undefined) this.clientId = authorization.clientId;
      this.authzMetadata = authorization.metadata;
      this.eventMetadata = authorization.eventMetadata;
    }

    this.state = 'offering';
    this.peer = new ConnectionPeer({
      request,
      channel,
      negotiationTimeoutMs: this.host.limits.negotiationTimeoutMs,
      onStateChange: (state) => this.onPeerState(state),
      send: (message) => this.send(message),
      close: (close) => this.close(close),
      guard: (what, work) => this.guard(what, work),
      log: (line) => this.host.log(`${this.label()}: ${line}`),
    });
    ({ publisher: this.publisher, viewer: this.viewer, traffic: this.traffic } = this.peer);
    const offer = await this.peer.createOffer();
    if (this.isClosed()) return;
    channel.addMember(this);
    this.send(
      offerMessage({
        offer,
        channelId: request.channelId,
        sessionId: channel.sessionId,
        connectionId: this.connectionId,
        clientId: this.clientId,
        metadata: this.authzMetadata,
      }),
    );
    this.state = 'offered';
    this.keepalive.start();
  }

  /** What the peer connection's state means for the connection. */
  private onPeerState(state: string): void {
    if (state === 'connected' && !this.established && this.state === 'offered') {
      this.established = true;
      this.establishedAt = new Date();
      clearTimeout(this.negotiationTimer);
      this.channel?.memberEstablished(this);
    } else if (state === 'failed' || (state === 'closed' && this.state !== 'closed')) {
      this.close(signalingClose(CloseCode.peerConnectionFailed, 'PEER-CONNECTION-FAILED'));
    }
  }

  private async answer(message: Record<string, unknown>): Promise<void> {
    if (typeof message.sdp !== 'string') {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: answer without sdp'));
      return;
    }
    this.answered = true;
    if (!this.peer) return;
    await this.peer.acceptAnswer(message.sdp);
    if (this.peer.publisher && this.state === 'offered') await this.channel!.startBroadcast(this);
  }

  /** State checks after an `await`: the socket may have closed meanwhile. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  /**
   * A connection that holds a place (the broadcaster's seat, above all) but never answers the
   * offer or never gets its peer connection up is closed, and everything it held is released.
   */
  private startNegotiationDeadline(): void {
    const timeoutMs = this.host.limits.negotiationTimeoutMs;
    this.negotiationTimer = setTimeout(
      () =>
        this.guard('the negotiation timer', () => {
          if (this.established || this.isClosed()) return;
          const stage = this.answered ? 'not connected' : 'no answer';
          this.close(signalingClose(CloseCode.negotiationTimeout, `NEGOTIATION-TIMEOUT: ${stage} within ${timeoutMs / 1000} s`));
        }),
      timeoutMs,
    );
    this.negotiationTimer.unref();
  }

  /**
   * Runs a handler that no caller waits on (a socket event, a timer, a werift callback): what it
   * throws is logged and ends this connection, never the process.
   */
  private guard(what: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.host.log(`${this.label()}: ${what} failed: ${describeError(error)}`);
      this.close(signalingClose(CloseCode.internalError, 'INTERNAL-ERROR'));
    }
  }

  private teardownInBackground(): void {
    this.teardown().catch((error: unknown) => this.host.log(`${this.label()}: teardown failed: ${describeError(error)}`));
  }

  /** Releases everything; each step runs even when one before it failed. */
  private async teardown(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.connectTimer);
    clearTimeout(this.negotiationTimer);
    this.keepalive.stop();
    // Each step starts synchronously, so the channel forgets the connection within this call, and
    // never rejects (it logs).
    const step = async (what: string, action: () => unknown): Promise<void> => {
      try {
        await action();
      } catch (error) {
        this.host.log(`${this.label()}: ${what} failed: ${describeError(error)}`);
      }
    };
    this.peer?.stop();
    void step('giving its place back', () => this.host.releaseSeat(this));
    await step('leaving the channel', () => this.channel?.removeMember(this));
    await step('closing the peer connection', () => this.peer?.close());
  }

  private label(): string {
    return `connection ${this.connectionId || '(before connect)'}`;
  }
}
