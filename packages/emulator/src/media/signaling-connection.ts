/**
 * One client's signaling WebSocket, Sora style (spec/sora-signaling.md §0–§3): the client sends
 * `connect`, the server answers with the `offer` (it is the offerer), the client sends `answer`
 * and `candidate`s; then `ping`/`pong`, `push`, `notify`, `re-offer` and `disconnect`.
 * Every refusal closes the socket before the offer; the codes are in signaling-close.ts.
 */
import type { RawData, WebSocket } from 'ws';
import type { ChannelRecord } from '../media-seam.js';
import { askAuthWebhook } from './auth-webhook.js';
import type { ChannelSession } from './channel-session.js';
import { parseConnectMessage, type ConnectRequest } from './connect-message.js';
import { ConnectionTraffic } from './connection-traffic.js';
import { PublisherPeer } from './publisher-peer.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { ViewerPeer } from './viewer-peer.js';

/** What a signaling connection needs from the media plane. */
export interface SignalingHost {
  findChannel(channelId: string): ChannelRecord | undefined;
  /** The live session of a channel, created on first use. */
  sessionFor(channel: ChannelRecord): ChannelSession;
  newConnectionId(): string;
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
  #pendingReanswer: ((sdp: string) => void) | undefined;
  #connectTimer: NodeJS.Timeout;
  #pingTimer: NodeJS.Timeout | undefined;
  #lastPongAt = 0;

  constructor(socket: WebSocket, host: SignalingHost) {
    this.#socket = socket;
    this.#host = host;
    socket.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    socket.on('close', () => void this.#teardown());
    socket.on('error', () => undefined);
    this.#connectTimer = setTimeout(() => this.close(signalingClose(CloseCode.connectTimeout, 'CONNECT-TIMEOUT')), CONNECT_TIMEOUT_MS);
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

  send(message: Record<string, unknown>): boolean {
    if (this.#state === 'closed' || this.#socket.readyState !== this.#socket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  close(close: SignalingClose): void {
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) {
      this.#socket.close(close.code, close.reason);
    }
    // The socket's close event may take a while (the peer must answer the close frame); the
    // connection is gone for the channel right away.
    void this.#teardown();
  }

  /** Sends the viewer a `re-offer` for its new tracks and applies the `re-answer`. */
  renegotiate(): void {
    const viewer = this.#viewer;
    if (!viewer || this.#state !== 'offered') return;
    this.#renegotiation = this.#renegotiation.then(async () => {
      try {
        const sdp = await viewer.createOffer();
        const answered = new Promise<string>((resolve) => (this.#pendingReanswer = resolve));
        if (!this.send({ type: 're-offer', sdp })) return;
        await viewer.acceptAnswer(await answered);
      } catch (error) {
        this.#host.log(`connection ${this.#connectionId}: re-offer failed: ${(error as Error).message}`);
      }
    });
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: binary frames are not accepted'));
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(rawDataToString(data));
    } catch {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: not JSON'));
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof (message as { type?: unknown }).type !== 'string') {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: not a JSON object with a type'));
      return;
    }
    const typed = message as Record<string, unknown> & { type: string };
    this.#messageQueue = this.#messageQueue.then(() => this.#handle(typed)).catch((error: Error) => {
      this.#host.log(`connection ${this.#connectionId || '(new)'}: ${error.message}`);
      this.close(signalingClose(CloseCode.internalError, 'INTERNAL-ERROR'));
    });
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
        await this.#candidate(message);
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
      const decision = await askAuthWebhook(channel.auth_webhook_url, this.#authWebhookBody(channel), this.#connectionId);
      if (this.#isClosed()) return;
      if (!decision.allowed) {
        this.close(decision.close);
        return;
      }
      const payout = decision.payout;
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
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && !this.#established && this.#state === 'offered') {
        this.#established = true;
        this.#establishedAt = new Date();
        this.#session?.memberEstablished(this);
      } else if (state === 'failed' || (state === 'closed' && this.#state !== 'closed')) {
        this.close(signalingClose(CloseCode.peerConnectionFailed, 'PEER-CONNECTION-FAILED'));
      }
    });
  }

  async #answer(message: Record<string, unknown>): Promise<void> {
    if (typeof message.sdp !== 'string') {
      this.close(signalingClose(CloseCode.invalidMessage, 'INVALID-MESSAGE: answer without sdp'));
      return;
    }
    if (this.#publisher) {
      await this.#publisher.acceptAnswer(message.sdp);
      if (this.#state === 'offered') await this.#session!.startBroadcast(this);
    } else if (this.#viewer) {
      await this.#viewer.acceptAnswer(message.sdp);
    }
  }

  async #candidate(message: Record<string, unknown>): Promise<void> {
    const pc = this.#publisher?.pc ?? this.#viewer?.pc;
    if (!pc || typeof message.candidate !== 'string') return;
    await pc
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
    this.#pingTimer = setInterval(() => {
      if (Date.now() - this.#lastPongAt > PONG_TIMEOUT_MS) {
        this.close(signalingClose(CloseCode.pongTimeout, 'PONG-TIMEOUT'));
        return;
      }
      this.send({ type: 'ping', stats: false });
    }, PING_INTERVAL_MS);
    this.#pingTimer.unref();
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

  async #teardown(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#connectTimer);
    clearInterval(this.#pingTimer);
    this.#pendingReanswer = undefined;
    this.#traffic?.stop();
    const session = this.#session;
    if (session) await session.removeMember(this);
    await this.#publisher?.close();
    await this.#viewer?.close();
  }
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
