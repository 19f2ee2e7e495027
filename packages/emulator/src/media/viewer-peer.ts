/**
 * A WebRTC viewer's side (`recvonly` in Sora terms): a werift peer connection that sends the
 * broadcaster's audio and video on to one browser. The tracks belong to a stream whose id is the
 * broadcaster's connection id: sora-js-sdk drops a track whose msid names anything else
 * (docs/sora-signaling.md §4). When the broadcaster changes, the tracks are replaced through a
 * `re-offer`.
 */
import {
  MediaStream,
  MediaStreamTrack,
  RTCRtpCodecParameters,
  type RtpPacket,
  type RTCPeerConnection,
  type RTCRtpTransceiver,
} from 'werift';
import { broadcasterCodecs, createPeerConnection } from './peer-connection-config.js';
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';

/** What a viewer needs to know of the broadcaster it watches. */
export interface BroadcastSource {
  connectionId: string;
  codecs: NegotiatedCodec[];
}

interface RelayedTrack {
  transceiver: RTCRtpTransceiver;
  track: MediaStreamTrack;
}

export class ViewerPeer {
  /** werift's peer connection to the viewer. */
  readonly pc: RTCPeerConnection;
  /** Called when the viewer's browser lost a picture and needs a keyframe from the broadcaster. */
  onKeyframeRequest: () => void = () => {};
  private relayed = new Map<MediaKind, RelayedTrack>();
  private currentSourceId: string | undefined;

  constructor() {
    // Every codec a broadcaster may use; each transceiver then narrows to the broadcaster's own.
    this.pc = createPeerConnection(broadcasterCodecs(undefined));
    // The first m-line is an inactive one that is never stopped: it carries the BUNDLE transport
    // (ICE and DTLS) for the connection's whole life while broadcasters come and go, and gives an
    // offer its one m-line while no broadcaster is there. Were the broadcaster's audio the first
    // m-line, the re-offer that stops it when the broadcaster leaves would move BUNDLE to a new
    // m-line with a transport of its own: werift closes the old transport, ICE fails at once, and
    // the viewer was closed with 4021 PEER-CONNECTION-FAILED.
    this.pc.addTransceiver('audio', { direction: 'inactive' });
  }

  /** The broadcaster's connection the viewer is relayed, if any. */
  get sourceConnectionId(): string | undefined {
    return this.currentSourceId;
  }

  /**
   * Points the viewer at a broadcaster (or at none). Returns whether the session changed and
   * needs a new offer.
   */
  setSource(source: BroadcastSource | undefined): boolean {
    if (source?.connectionId === this.currentSourceId) return false;
    for (const { transceiver, track } of this.relayed.values()) {
      track.stop();
      transceiver.stop();
    }
    this.relayed.clear();
    this.currentSourceId = source?.connectionId;
    if (!source) return true;
    const stream = new MediaStream({ id: source.connectionId });
    for (const codec of source.codecs) {
      const track = new MediaStreamTrack({ kind: codec.kind });
      const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      transceiver.setCodecPreferences([
        new RTCRtpCodecParameters({
          mimeType: codec.werift.mimeType,
          clockRate: codec.werift.clockRate,
          channels: codec.werift.channels,
          parameters: codec.werift.parameters,
          rtcpFeedback: codec.werift.rtcpFeedback.map((feedback) => ({ ...feedback })),
        }),
      ]);
      if (codec.kind === 'video') {
        transceiver.sender.onPictureLossIndication.subscribe(() => this.onKeyframeRequest());
      }
      this.relayed.set(codec.kind, { transceiver, track });
    }
    return true;
  }

  /** The offer's SDP (also for a `re-offer`). */
  async createOffer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.pc.localDescription!.sdp;
  }

  /** Applies the viewer's `answer` or `re-answer`. */
  async acceptAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  /** Sends one of the broadcaster's packets on; werift rewrites SSRC, payload type and sequence. */
  relay(kind: MediaKind, packet: RtpPacket): void {
    const relayed = this.relayed.get(kind);
    if (!relayed) return;
    // Each sender rewrites the packet it is given, so every viewer gets its own copy.
    relayed.track.writeRtp(packet.clone());
  }

  /** Stops the relayed tracks and closes the peer connection. */
  async close(): Promise<void> {
    for (const { track } of this.relayed.values()) track.stop();
    this.relayed.clear();
    await this.pc.close().catch(() => undefined);
  }
}
