/**
 * The WebRTC side of one signaling connection: the broadcaster's PublisherPeer or a viewer's
 * ViewerPeer, its traffic figures, the candidates the client sends, and the `re-offer` a viewer
 * gets when the broadcast it watches changes. The signaling connection keeps the state machine
 * and decides what a peer connection state means for it.
 */
import { describeError } from '../describe-error.js';
import type { ConnectRequest } from './connect-message.js';
import { ConnectionTraffic } from './connection-traffic.js';
import type { MemberChannel } from './member-channel.js';
import { PublisherPeer } from './publisher-peer.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { ViewerPeer } from './viewer-peer.js';

export interface ConnectionPeerOptions {
  request: ConnectRequest;
  channel: MemberChannel;
  /** How long a viewer may take to send its `re-answer`. */
  negotiationTimeoutMs: number;
  /** The peer connection's state changed (connected, failed, closed…). */
  onStateChange(state: string): void;
  /** Sends a signaling message; false when it could not be sent. */
  send(message: Record<string, unknown>): boolean;
  /** Ends the signaling connection. */
  close(close: SignalingClose): void;
  /** Runs a callback's work so that what it throws ends the connection, not the process. */
  guard(what: string, work: () => void): void;
  /** Writes one line to the log, with the connection's label. */
  log(line: string): void;
}

export class ConnectionPeer {
  /** The broadcaster's peer; undefined for a viewer. */
  readonly publisher: PublisherPeer | undefined;
  /** A viewer's peer; undefined for the broadcaster. */
  readonly viewer: ViewerPeer | undefined;
  /** Byte and packet counts of the peer connection. */
  readonly traffic: ConnectionTraffic;
  private readonly options: ConnectionPeerOptions;
  private renegotiation: Promise<void> = Promise.resolve();
  private pendingReanswer: ((sdp: string | undefined) => void) | undefined;
  private stopped = false;

  constructor(options: ConnectionPeerOptions) {
    this.options = options;
    const { request, channel } = options;
    if (request.role === 'sendonly') {
      this.publisher = new PublisherPeer({ audio: request.audioEnabled, video: request.videoEnabled, videoCodec: request.videoCodec });
    } else {
      this.viewer = new ViewerPeer();
      this.viewer.setSource(channel.broadcastSource());
      this.viewer.onKeyframeRequest = () => channel.requestKeyframe();
    }
    const pc = (this.publisher ?? this.viewer)!.pc;
    this.traffic = new ConnectionTraffic(pc);
    // werift swallows what its handlers throw, and the state would be half changed: keep it here.
    pc.connectionStateChange.subscribe((state) => options.guard(`the peer connection's ${state}`, () => options.onStateChange(state)));
  }

  /** The offer for the client (with the broadcaster's `mid`s). */
  async createOffer(): Promise<{ sdp: string; mid?: Record<string, string> }> {
    if (this.publisher) return this.publisher.createOffer();
    return { sdp: await this.viewer!.createOffer() };
  }

  /** Applies the client's `answer`. */
  async acceptAnswer(sdp: string): Promise<void> {
    await (this.publisher ?? this.viewer)!.acceptAnswer(sdp);
  }

  /**
   * Hands a candidate to werift without waiting for it: an mDNS candidate (`….local`, what
   * Firefox sends) is looked up first, and one nobody answers takes werift 10 s to give up. Awaited
   * by the connection, it held every later message in the queue, the client's `disconnect` among them.
   */
  addCandidate(message: Record<string, unknown>): void {
    if (typeof message.candidate !== 'string') return;
    void (this.publisher ?? this.viewer)!.pc
      .addIceCandidate({
        candidate: message.candidate,
        sdpMid: typeof message.sdpMid === 'string' ? message.sdpMid : undefined,
        sdpMLineIndex: typeof message.sdpMLineIndex === 'number' ? message.sdpMLineIndex : undefined,
        usernameFragment: typeof message.usernameFragment === 'string' ? message.usernameFragment : undefined,
      })
      .catch(() => undefined); // a candidate werift cannot use (e.g. unresolvable mDNS) is not fatal
  }

  /** Sends the viewer a `re-offer` for its new tracks and applies the `re-answer`. */
  renegotiate(): void {
    const viewer = this.viewer;
    if (!viewer) return;
    const { negotiationTimeoutMs } = this.options;
    this.renegotiation = this.renegotiation.then(async () => {
      let deadline: NodeJS.Timeout | undefined;
      try {
        if (this.stopped) return;
        const sdp = await viewer.createOffer();
        // Resolved with undefined when the connection ends first.
        const answered = new Promise<string | undefined>((resolve) => (this.pendingReanswer = resolve));
        if (!this.options.send({ type: 're-offer', sdp })) return;
        const reason = `NEGOTIATION-TIMEOUT: no re-answer within ${negotiationTimeoutMs / 1000} s`;
        deadline = setTimeout(
          () => this.options.guard('the re-offer timer', () => this.options.close(signalingClose(CloseCode.negotiationTimeout, reason))),
          negotiationTimeoutMs,
        );
        deadline.unref();
        const reanswer = await answered;
        clearTimeout(deadline);
        if (reanswer === undefined || this.stopped) return;
        await viewer.acceptAnswer(reanswer);
      } catch (error) {
        this.options.log(`re-offer failed: ${describeError(error)}`);
      } finally {
        clearTimeout(deadline);
      }
    });
  }

  /** The client's `re-answer` (or a message without its sdp, which ends the wait as well). */
  reanswer(sdp: unknown): void {
    if (typeof sdp === 'string') this.pendingReanswer?.(sdp);
    this.pendingReanswer = undefined;
  }

  /** The connection ended: no more re-offers, no more traffic figures. Synchronous, so the channel forgets it at once. */
  stop(): void {
    this.stopped = true;
    const pendingReanswer = this.pendingReanswer;
    this.pendingReanswer = undefined;
    try {
      pendingReanswer?.(undefined);
    } catch (error) {
      this.options.log(`ending the re-offer failed: ${describeError(error)}`);
    }
    try {
      this.traffic.stop();
    } catch (error) {
      this.options.log(`stopping the traffic figures failed: ${describeError(error)}`);
    }
  }

  /** Closes the peer connection. */
  async close(): Promise<void> {
    await (this.publisher ?? this.viewer)!.close();
  }
}
