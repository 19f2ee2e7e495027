/**
 * One client's signaling WebSocket, Sora style (docs/sora-signaling.md): the client sends
 * `connect`, the server answers with the `offer` (it is the offerer), the client sends `answer`
 * and `candidate`s; then `ping`/`pong`, `push`, `notify`, `re-offer` and `disconnect`.
 * Every refusal closes the socket before the offer; the codes are in signaling-close.ts.
 *
 * Nothing a client sends may end the process (issue 12): what a message may carry is bounded
 * (signaling-limits.ts) before anything is built from it, and every path that runs outside a
 * caller who handles its errors (socket events, timers, werift callbacks, teardown) catches its
 * own, logs it, and at worst ends this one connection.
 */
import type { RawData, WebSocket } from 'ws';
import type { ChannelRecord } from '../media-seam.js';
import { askAuthWebhook } from './auth-webhook.js';
import type { ChannelSession } from './channel-session.js';
import { parseConnectMessage, type ConnectRequest } from './connect-message.js';
import { ConnectionTraffic } from './connection-traffic.js';
import { PublisherPeer } from './publisher-peer.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import {
  idProblem,
  jsonNestsDeeperThan,
  jsonValueProblem,
  MAX_JSON_DEPTH,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  MAX_SEND_BUFFER_BYTES,
  type ConnectionLimits,
} from './signaling-limits.js';
import { ViewerPeer } from './viewer-peer.js';
import type { WebhookSender } from './webhook-sender.js';

/** What a signaling connection needs from the media plane. */
export interface SignalingHost {
  findChannel(channelId: string): ChannelRecord | undefined;
  /** The live session of a channel, created on first use. */
  sessionFor(channel: ChannelRecord): ChannelSession;
  newConnectionId(): string;
  /**
   * Takes a place for the connection among the channel's and its tenant's (the caps of
   * signaling-limits.ts), or says how to refuse it. Given back by `releaseSeat`.
   */
  takeSeat(connection: SignalingConnection, channel: ChannelRecord): SignalingClose | undefined;
  /** Gives the connection's place back; harmless when it has none. */
  releaseSeat(connection: SignalingConnection): void;
  limits: ConnectionLimits;
  /** Posts the auth webhook (address policy, signature, bounds). */
  webhookSender: WebhookSender;
  log(line: string): void;
}

const CONNECT_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 5_000;
const PONG_TIMEOUT_MS = 15_000;

type State = 'waiting-connect' | 'authorizing' | 'offering' | 'offered' | 'closed';

export class SignalingConnection {
  readonly #socket: WebSocket;
  readonly #host: SignalingHost;
  #state: State = 'waiting-connect';
  #request: ConnectRequest | undefined;
  #session: ChannelSession | undefined;
  #connectionId = '';
  #clientId = '';
  /** Auth webhook payout `metadata`, sent back in the offer and in notifies as `authz_metadata`. */
  #authzMetadata: unknown = undefined;
  #eventMetadata: unknown = undefined;
  #publisher: PublisherPeer | undefined;
  #viewer: ViewerPeer | undefined;
  #traffic: ConnectionTraffic | undefined;
  #established = false;
  #establishedAt: Date | undefined;
  /** Messages are handled one after the other: an answer must be applied before later candidates. */
  #messageQueue: Promise<void> = Promise.resolve();
  #renegotiation: Promise<void> = Promise.resolve();
  #pendingReanswer: ((sdp: string | undefined) => void) | undefined;
  #connectTimer: NodeJS.Timeout;
  #pingTimer: NodeJS.Timeout | undefined;
  /** From an accepted `connect` until the peer connection is connected. */
  #negotiationTimer: NodeJS.Timeout | undefined;
  #answered = false;
  #lastPongAt = 0;
  /** Messages counted in the current one-second window (MAX_MESSAGES_PER_SECOND). */
  #rateWindowStart = 0;
  #rateCount = 0;
  /** Too much waits unread for the client: nothing more is sent, the close is on its way. */
  #sendBlocked = false;

  constructor(socket: WebSocket, host: SignalingHost) {
    this.#socket = socket;
    this.#host = host;
    socket.on('message', (data, isBinary) => this.#guard('a message', () => this.#onFrame(data, isBinary)));
    socket.on('close', () => this.#teardownInBackground());
    // e.g. a frame over maxPayload: ws itself closes the socket (1009), and 'close' follows.
    socket.on('error', () => undefined);
    this.#connectTimer = setTimeout(
      () => this.#guard('the connect timer', () => this.close(signalingClose(CloseCode.connectTimeout, 'CONNECT-TIMEOUT'))),
      CONNECT_TIMEOUT_MS,
    );
    this.#connectTimer.unref();
  }

  get connectionId(): string {
    return this.#connectionId;
  }

  get clientId(): string {
    return this.#clientId;
  }

  get role(): 'sendonly' | 'recvonly' {
    return this.#request!.role;
  }

  get channelId(): string {
    return this.#request!.channelId;
  }

  get request(): ConnectRequest {
    return this.#request!;
  }

  get authzMetadata(): unknown {
    return this.#authzMetadata;
  }

  get eventMetadata(): unknown {
    return this.#eventMetadata;
  }

  /** Media flows (the peer connection is connected) and the client has its connection.created. */
  get established(): boolean {
    return this.#established;
  }

  get establishedAt(): Date | undefined {
    return this.#establishedAt;
  }

  get publisher(): PublisherPeer | undefined {
    return this.#publisher;
  }

  get viewer(): ViewerPeer | undefined {
    return this.#viewer;
  }

  get traffic(): ConnectionTraffic | undefined {
    return this.#traffic;
  }

  /**
   * Sends a message; false when it could not be sent (closed, or the message cannot be
   * serialized). Never throws: callers loop over every member of a channel.
   */
  send(message: Record<string, unknown>): boolean {
    if (this.#state === 'closed' || this.#sendBlocked || this.#socket.readyState !== this.#socket.OPEN) return false;
    try {
      const text = JSON.stringify(message);
      if (this.#socket.bufferedAmount + Buffer.byteLength(text) > MAX_SEND_BUFFER_BYTES) {
        // A client that does not read must not make the process hold its messages forever.
        this.#sendBlocked = true;
        const close = signalingClose(CloseCode.sendBufferFull, `SEND-BUFFER-FULL: over ${MAX_SEND_BUFFER_BYTES} bytes unread`);
        // Not from inside the caller's loop over the channel's members.
        setImmediate(() => this.#guard('a close', () => this.close(close)));
        return false;
      }
      this.#socket.send(text, (error) => {
        if (error && this.#state !== 'closed') this.#host.log(`${this.#label()}: sending failed: ${error.message}`);
      });
      return true;
    } catch (error) {
      this.#host.log(`${this.#label()}: could not send a ${String(message.type)}: ${describe(error)}`);
      return false;
    }
  }

  /** Closes the socket with `close` and releases everything of the connection. Never throws. */
  close(close: SignalingClose): void {
    try {
      if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) {
        this.#socket.close(close.code, close.reason);
      }
    } catch (error) {
      this.#host.log(`${this.#label()}: closing the socket failed: ${describe(error)}`);
      try {
        this.#socket.terminate();
      } catch {
        // nothing more to do for this socket
      }
    }
    // The socket's close event may take a while (the peer must answer the close frame); the
    // connection is gone for the channel right away.
    this.#teardownInBackground();
  }

  /** Sends the viewer a `re-offer` for its new tracks and applies the `re-answer`. */
  renegotiate(): void {
    const viewer = this.#viewer;
    if (!viewer || this.#state !== 'offered') return;
    this.#renegotiation = this.#renegotiation.then(async () => {
      let deadline: NodeJS.Timeout | undefined;
      try {
        if (this.#isClosed()) return;
        const sdp = await viewer.createOffer();
        // Resolved with undefined when the connection ends first.
        const answered = new Promise<string | undefined>((resolve) => (this.#pendingReanswer = resolve));
        if (!this.send({ type: 're-offer', sdp })) return;
        const seconds = this.#host.limits.negotiationTimeoutMs / 1000;
        deadline = setTimeout(
          () => this.#guard('the re-offer timer', () => this.close(signalingClose(CloseCode.negotiationTimeout, `NEGOTIATION-TIMEOUT: no re-answer within ${seconds} s`))),
          this.#host.limits.negotiationTimeoutMs,
        );
        deadline.unref();
        const reanswer = await answered;
        clearTimeout(deadline);
        if (reanswer === undefined || this.#isClosed()) return;
        await viewer.acceptAnswer(reanswer);
      } catch (error) {
        this.#host.log(`${this.#label()}: re-offer failed: ${describe(error)}`);
      } finally {
        clearTimeout(deadline);
      }
    });
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    if (!this.#withinMessageRate()) {
      this.close(signalingClose(CloseCode.tooManyMessages, `TOO-MANY-MESSAGES: over ${MAX_MESSAGES_PER_SECOND} in one second`));
      return;
    }
    if (isBinary) {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: binary frames are not accepted'));
      return;
    }
    if (rawDataByteLength(data) > MAX_MESSAGE_BYTES) {
      this.close(signalingClose(CloseCode.messageTooLarge, `MESSAGE-TOO-LARGE: over ${MAX_MESSAGE_BYTES} bytes`));
      return;
    }
    const text = rawDataToString(data);
    // Before JSON.parse: nothing deep is ever built, so nothing later (JSON.stringify of a
    // notify, a webhook) can overflow the stack on it.
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      this.close(signalingClose(CloseCode.messageTooDeep, `MESSAGE-TOO-DEEP: nests over ${MAX_JSON_DEPTH} levels`));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: not JSON'));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof (message as { type?: unknown }).type !== 'string') {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: not a JSON object with a type'));
      return;
    }
    const typed = message as Record<string, unknown> & { type: string };
    if (typed.type === 'disconnect' && this.#state !== 'waiting-connect') {
      // Not behind the queue: the client waits for the close (sora-js-sdk gives up after 3 s and
      // reports 1006), and nothing still queued matters once it leaves.
      this.close(signalingClose(CloseCode.normal, 'TYPE-DISCONNECT'));
      return;
    }
    this.#messageQueue = this.#messageQueue.then(() => this.#handle(typed)).catch((error: unknown) => {
      // Ended meanwhile (the client left while its offer was made): werift's complaint is no news.
      if (this.#isClosed()) this.#host.log(`${this.#label()}: ${typed.type} not handled, the connection ended: ${(error as Error)?.message ?? String(error)}`);
      else this.#host.log(`${this.#label()}: ${typed.type} failed: ${describe(error)}`);
      this.close(signalingClose(CloseCode.internalError, 'INTERNAL-ERROR'));
    });
  }

  #withinMessageRate(): boolean {
    const now = Date.now();
    if (now - this.#rateWindowStart >= 1000) {
      this.#rateWindowStart = now;
      this.#rateCount = 0;
    }
    this.#rateCount += 1;
    return this.#rateCount <= MAX_MESSAGES_PER_SECOND;
  }

  async #handle(message: Record<string, unknown> & { type: string }): Promise<void> {
    if (this.#state === 'closed') return;
    if (this.#state === 'waiting-connect') {
      if (message.type !== 'connect') {
        this.close(signalingClose(CloseCode.unexpectedMessage, `UNEXPECTED-MESSAGE: ${message.type}`));
        return;
      }
      clearTimeout(this.#connectTimer);
      await this.#connect(message);
      return;
    }
    switch (message.type) {
      case 'answer':
        await this.#answer(message);
        return;
      case 'candidate':
        this.#candidate(message);
        return;
      case 're-answer':
        if (typeof message.sdp === 'string') this.#pendingReanswer?.(message.sdp);
        this.#pendingReanswer = undefined;
        return;
      case 'pong':
        this.#lastPongAt = Date.now();
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

  async #connect(message: Record<string, unknown>): Promise<void> {
    const parsed = parseConnectMessage(message);
    if (!parsed.ok) {
      this.close(parsed.close);
      return;
    }
    const request = parsed.request;
    this.#request = request;
    const channel = this.#host.findChannel(request.channelId);
    if (!channel) {
      this.close(signalingClose(CloseCode.channelNotFound, 'CHANNEL-NOT-FOUND'));
      return;
    }
    const noSeat = this.#host.takeSeat(this, channel);
    if (noSeat) {
      this.close(noSeat);
      return;
    }
    // From here the connection holds a place: it must be connected in time, or it goes.
    this.#startNegotiationDeadline();
    const session = this.#host.sessionFor(channel);
    // The broadcaster's seat is taken now, not after the webhook: two broadcasters racing
    // through their auth webhooks must not both get in.
    if (request.role === 'sendonly' && !session.reserveBroadcaster(this)) {
      this.close(signalingClose(CloseCode.broadcasterAlreadyConnected, 'BROADCASTER-ALREADY-CONNECTED'));
      return;
    }
    this.#session = session;
    this.#connectionId = this.#host.newConnectionId();
    this.#clientId = request.clientId ?? this.#connectionId;

    if (channel.auth_webhook_url !== '') {
      this.#state = 'authorizing';
      const decision = await askAuthWebhook(
        this.#host.webhookSender,
        channel.auth_webhook_url,
        this.#authWebhookBody(channel),
        this.#connectionId,
        this.#host.log,
      );
      if (this.#isClosed()) return;
      if (!decision.allowed) {
        this.close(decision.close);
        return;
      }
      const payout = decision.payout;
      // The payouts are repeated in every notify and event webhook: the same bounds as the client's.
      const tooLarge =
        idProblem('client_id', payout.client_id) ??
        jsonValueProblem('metadata', payout.metadata) ??
        jsonValueProblem('event_metadata', payout.event_metadata);
      if (tooLarge !== undefined) {
        this.close(signalingClose(CloseCode.authWebhookFailed, `AUTH-WEBHOOK-FAILED: ${tooLarge}`));
        return;
      }
      if (typeof payout.client_id === 'string' && payout.client_id !== '') this.#clientId = payout.client_id;
      this.#authzMetadata = payout.metadata;
      this.#eventMetadata = payout.event_metadata;
    }

    this.#state = 'offering';
    const offer = await this.#createOffer(session);
    if (this.#isClosed()) return;
    session.addMember(this);
    this.send({
      type: 'offer',
      sdp: offer.sdp,
      channel_id: request.channelId,
      session_id: session.sessionId,
      connection_id: this.#connectionId,
      client_id: this.#clientId,
      bundle_id: this.#clientId,
      metadata: this.#authzMetadata ?? null,
      config: { iceServers: [], iceTransportPolicy: 'all' },
      simulcast: false,
      simulcast_multicodec: false,
      spotlight: false,
      encodings: [],
      ...(offer.mid ? { mid: offer.mid } : {}),
    });
    this.#state = 'offered';
    this.#startPinging();
  }

  async #createOffer(session: ChannelSession): Promise<{ sdp: string; mid?: Record<string, string> }> {
    const request = this.#request!;
    if (request.role === 'sendonly') {
      const publisher = new PublisherPeer({ audio: request.audioEnabled, video: request.videoEnabled, videoCodec: request.videoCodec });
      this.#publisher = publisher;
      this.#watchPeerConnection(publisher.pc);
      return publisher.createOffer();
    }
    const viewer = new ViewerPeer();
    this.#viewer = viewer;
    viewer.setSource(session.broadcastSource());
    viewer.onKeyframeRequest = () => session.requestKeyframe();
    this.#watchPeerConnection(viewer.pc);
    return { sdp: await viewer.createOffer() };
  }

  #watchPeerConnection(pc: PublisherPeer['pc']): void {
    this.#traffic = new ConnectionTraffic(pc);
    // werift swallows what its handlers throw, and the state would be half changed: keep it here.
    pc.connectionStateChange.subscribe((state) =>
      this.#guard(`the peer connection's ${state}`, () => {
        if (state === 'connected' && !this.#established && this.#state === 'offered') {
          this.#established = true;
          this.#establishedAt = new Date();
          clearTimeout(this.#negotiationTimer);
          this.#session?.memberEstablished(this);
        } else if (state === 'failed' || (state === 'closed' && this.#state !== 'closed')) {
          this.close(signalingClose(CloseCode.peerConnectionFailed, 'PEER-CONNECTION-FAILED'));
        }
      }),
    );
  }

  async #answer(message: Record<string, unknown>): Promise<void> {
    if (typeof message.sdp !== 'string') {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: answer without sdp'));
      return;
    }
    this.#answered = true;
    if (this.#publisher) {
      await this.#publisher.acceptAnswer(message.sdp);
      if (this.#state === 'offered') await this.#session!.startBroadcast(this);
    } else if (this.#viewer) {
      await this.#viewer.acceptAnswer(message.sdp);
    }
  }

  /**
   * Hands a candidate to werift without waiting for it: an mDNS candidate (`….local`, what
   * Firefox sends) is looked up first, and one nobody answers takes werift 10 s to give up. Awaited
   * here, it held every later message in the queue, the client's `disconnect` among them.
   */
  #candidate(message: Record<string, unknown>): void {
    const pc = this.#publisher?.pc ?? this.#viewer?.pc;
    if (!pc || typeof message.candidate !== 'string') return;
    void pc
      .addIceCandidate({
        candidate: message.candidate,
        sdpMid: typeof message.sdpMid === 'string' ? message.sdpMid : undefined,
        sdpMLineIndex: typeof message.sdpMLineIndex === 'number' ? message.sdpMLineIndex : undefined,
        usernameFragment: typeof message.usernameFragment === 'string' ? message.usernameFragment : undefined,
      })
      .catch(() => undefined); // a candidate werift cannot use (e.g. unresolvable mDNS) is not fatal
  }

  /** State checks after an `await`: the socket may have closed meanwhile. */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #startPinging(): void {
    this.#lastPongAt = Date.now();
    this.#pingTimer = setInterval(
      () =>
        this.#guard('the ping timer', () => {
          if (Date.now() - this.#lastPongAt > PONG_TIMEOUT_MS) {
            this.close(signalingClose(CloseCode.pongTimeout, 'PONG-TIMEOUT'));
            return;
          }
          this.send({ type: 'ping', stats: false });
        }),
      PING_INTERVAL_MS,
    );
    this.#pingTimer.unref();
  }

  /**
   * A connection that holds a place (the broadcaster's seat, above all) but never answers the
   * offer or never gets its peer connection up is closed, and everything it held is released.
   */
  #startNegotiationDeadline(): void {
    const timeoutMs = this.#host.limits.negotiationTimeoutMs;
    this.#negotiationTimer = setTimeout(
      () =>
        this.#guard('the negotiation timer', () => {
          if (this.#established || this.#isClosed()) return;
          const stage = this.#answered ? 'not connected' : 'no answer';
          this.close(signalingClose(CloseCode.negotiationTimeout, `NEGOTIATION-TIMEOUT: ${stage} within ${timeoutMs / 1000} s`));
        }),
      timeoutMs,
    );
    this.#negotiationTimer.unref();
  }

  #authWebhookBody(channel: ChannelRecord): Record<string, unknown> {
    const request = this.#request!;
    return {
      channel_id: channel.channel_id,
      connection_id: this.#connectionId,
      client_id: request.clientId ?? this.#connectionId,
      bundle_id: request.clientId ?? this.#connectionId,
      role: request.role,
      metadata: request.metadata,
      audio: request.audio,
      video: request.video,
      simulcast: false,
      spotlight: false,
      multistream: true,
      sora_client: request.soraClient ?? '',
      environment: request.environment ?? '',
      signaling_notify_metadata: request.raw.signaling_notify_metadata,
      channel_connections: this.#session?.establishedMembers().length ?? 0,
      timestamp: new Date().toISOString(),
    };
  }

  /**
   * Runs a handler that no caller waits on (a socket event, a timer, a werift callback): what it
   * throws is logged and ends this connection, never the process.
   */
  #guard(what: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.#host.log(`${this.#label()}: ${what} failed: ${describe(error)}`);
      this.close(signalingClose(CloseCode.internalError, 'INTERNAL-ERROR'));
    }
  }

  #teardownInBackground(): void {
    this.#teardown().catch((error: unknown) => this.#host.log(`${this.#label()}: teardown failed: ${describe(error)}`));
  }

  /** Releases everything; each step runs even when one before it failed. */
  async #teardown(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#negotiationTimer);
    clearInterval(this.#pingTimer);
    const pendingReanswer = this.#pendingReanswer;
    this.#pendingReanswer = undefined;
    // Each step starts synchronously, so the channel forgets the connection within this call, and
    // never rejects (it logs).
    const step = async (what: string, action: () => unknown): Promise<void> => {
      try {
        await action();
      } catch (error) {
        this.#host.log(`${this.#label()}: ${what} failed: ${describe(error)}`);
      }
    };
    void step('ending the re-offer', () => pendingReanswer?.(undefined));
    void step('stopping the traffic figures', () => this.#traffic?.stop());
    void step('giving its place back', () => this.#host.releaseSeat(this));
    const session = this.#session;
    if (session) await step('leaving the channel', () => session.removeMember(this));
    await step('closing the peer connection', () => this.#publisher?.close());
    await step('closing the peer connection', () => this.#viewer?.close());
  }

  #label(): string {
    return `connection ${this.#connectionId || '(before connect)'}`;
  }
}

function rawDataByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0);
  return data.byteLength;
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
