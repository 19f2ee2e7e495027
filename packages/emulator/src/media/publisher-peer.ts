/**
 * The broadcaster's side of WebRTC: a werift peer connection that offers to receive one audio
 * and one video track (the Sora direction: the server offers) and hands every RTP packet on.
 */
import {
  type MediaStreamTrack,
  type RtpPacket,
  type RTCPeerConnection,
  type RTCRtpCodecParameters,
  type RTCRtpTransceiver,
  type RtcpPacket,
} from 'werift';
import { broadcasterCodecs, createPeerConnection } from './peer-connection-config.js';
import type { PublishableVideoCodec } from './connect-message.js';

export type MediaKind = 'audio' | 'video';

/** The codec a kind was negotiated with: what ffmpeg's SDP and the viewers' offers need. */
export interface NegotiatedCodec {
  kind: MediaKind;
  payloadType: number;
  /** e.g. `H264`, `VP8`, `opus` as in `a=rtpmap`. */
  name: string;
  clockRate: number;
  channels: number | undefined;
  /** `a=fmtp` parameters, when any. */
  parameters: string | undefined;
  /** werift's description of it, to offer the same codec to viewers. */
  werift: RTCRtpCodecParameters;
}

export interface PublisherPeerListener {
  /** One RTP packet as received (header extensions included). */
  onRtp(kind: MediaKind, packet: RtpPacket): void;
  /** A sender report of the broadcaster, serialized, for lip sync downstream. */
  onSenderReport(kind: MediaKind, report: Buffer): void;
}

export class PublisherPeer {
  /** werift's peer connection to the broadcaster. */
  readonly pc: RTCPeerConnection;
  private readonly transceivers = new Map<MediaKind, RTCRtpTransceiver>();
  private readonly remoteSsrc = new Map<MediaKind, number>();
  private readonly listeners = new Set<PublisherPeerListener>();

  constructor(options: { audio: boolean; video: boolean; videoCodec: PublishableVideoCodec | undefined }) {
    this.pc = createPeerConnection(broadcasterCodecs(options.videoCodec));
    const kinds = (['audio', 'video'] as const).filter((kind) => options[kind]);
    for (const kind of kinds) {
      const transceiver = this.pc.addTransceiver(kind, { direction: 'recvonly' });
      this.transceivers.set(kind, transceiver);
      transceiver.onTrack.subscribe((track) => this.receive(kind, track));
    }
  }

  /** Makes the offer; werift waits for ICE gathering so the candidates are inside the SDP. */
  async createOffer(): Promise<{ sdp: string; mid: Partial<Record<MediaKind, string>> }> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const mid: Partial<Record<MediaKind, string>> = {};
    for (const [kind, transceiver] of this.transceivers) if (transceiver.mid !== null) mid[kind] = transceiver.mid;
    return { sdp: this.pc.localDescription!.sdp, mid };
  }

  /** Applies the broadcaster's `answer`: the codecs are known from here. */
  async acceptAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  /**
   * The codec of each kind the browser sends, as the answer settled it: the first one it accepted
   * (browsers send that one). A kind the browser declined (`m=` port 0, as Firefox answers an
   * H.264-only offer without OpenH264) or answered `inactive` is left out: nothing of it will
   * come. (sora-js-sdk answers `sendonly` even for a track its stream lacks; the transcoder finds
   * that out from what arrives, see ingest-media.ts.)
   */
  negotiatedCodecs(): NegotiatedCodec[] {
    const result: NegotiatedCodec[] = [];
    for (const kind of this.transceivers.keys()) {
      const codec = this.acceptedCodecs(kind)[0];
      if (codec) result.push(codec);
    }
    return result;
  }

  /** Kinds this connection offered to receive that the browser will not send. */
  declinedKinds(): MediaKind[] {
    return [...this.transceivers.keys()].filter((kind) => this.acceptedCodecs(kind).length === 0);
  }

  /**
   * The negotiated codec RTP packets of `payloadType` carry, if the answer accepted it: a browser
   * may send another codec of its answer than the first.
   */
  codecOfPayloadType(kind: MediaKind, payloadType: number): NegotiatedCodec | undefined {
    return this.acceptedCodecs(kind).find((codec) => codec.payloadType === payloadType);
  }

  /** Receives the broadcaster's RTP packets and sender reports from now on. */
  addListener(listener: PublisherPeerListener): void {
    this.listeners.add(listener);
  }

  /** Stops handing packets to `listener`. */
  removeListener(listener: PublisherPeerListener): void {
    this.listeners.delete(listener);
  }

  /**
   * Asks the browser for a keyframe. Chrome's H.264 sends none on its own, so ffmpeg and every
   * viewer that joins later depend on this.
   */
  requestKeyframe(): void {
    const transceiver = this.transceivers.get('video');
    const ssrc = this.remoteSsrc.get('video');
    if (!transceiver || ssrc === undefined) return;
    transceiver.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  /** Closes the peer connection. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.pc.close().catch(() => undefined);
  }

  private acceptedCodecs(kind: MediaKind): NegotiatedCodec[] {
    const transceiver = this.transceivers.get(kind);
    if (!transceiver || transceiver.stopped || transceiver.rejected) return [];
    // Our side only receives: anything but `recvonly` now means the browser sends nothing.
    if (transceiver.currentDirection !== 'recvonly' && transceiver.currentDirection !== 'sendrecv') return [];
    return transceiver.codecs.map((codec) => ({
      kind,
      payloadType: codec.payloadType,
      name: codec.mimeType.split('/')[1]!,
      clockRate: codec.clockRate,
      channels: codec.channels,
      parameters: codec.parameters,
      werift: codec,
    }));
  }

  private receive(kind: MediaKind, track: MediaStreamTrack): void {
    // werift swallows exceptions thrown in these handlers: keep them inside.
    track.onReceiveRtp.subscribe((packet) => {
      this.remoteSsrc.set(kind, packet.header.ssrc);
      for (const listener of this.listeners) {
        try {
          listener.onRtp(kind, packet);
        } catch {
          // one listener's failure must not starve the others
        }
      }
    });
    track.onReceiveRtcp.subscribe((packet: RtcpPacket) => {
      if (packet.type !== 200) return;
      const report = packet.serialize();
      for (const listener of this.listeners) {
        try {
          listener.onSenderReport(kind, report);
        } catch {
          // as above
        }
      }
    });
  }
}
