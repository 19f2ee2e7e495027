/**
 * What ffmpeg is told the broadcast carries, kept true to what actually arrives. The answer is
 * only a promise: a browser sends the first codec of its answer (as a rule), and sora-js-sdk
 * answers every section `sendonly` even when its stream lacks that track, so a microphone-only
 * stream is answered with video that never comes. ffmpeg then waits for that video forever and
 * writes no segment. So each kind's codec is the payload type that arrives, and a kind that sent
 * nothing a while after the first packet is left out of ffmpeg's input until it does.
 */
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';

export type PacketVerdict =
  /** ffmpeg reads it: send it on. */
  | { action: 'forward'; codec: NegotiatedCodec }
  /** ffmpeg must be started again with another SDP (the reason is for the log). */
  | { action: 'restart'; reason: string }
  /** Nothing ffmpeg could read (a payload type never negotiated): drop it. */
  | { action: 'drop' };

export class IngestMedia {
  private readonly codecs = new Map<MediaKind, NegotiatedCodec>();
  private readonly codecOfPayloadType: (kind: MediaKind, payloadType: number) => NegotiatedCodec | undefined;
  private readonly heard = new Set<MediaKind>();
  /** Negotiated kinds left out of ffmpeg's input because nothing of them came. */
  private readonly silent = new Set<MediaKind>();

  /**
   * `codecs`: one per kind, as the answer settled them; `codecOfPayloadType`: the other codecs
   * the answer accepted.
   */
  constructor(codecs: NegotiatedCodec[], codecOfPayloadType: (kind: MediaKind, payloadType: number) => NegotiatedCodec | undefined) {
    for (const codec of codecs) this.codecs.set(codec.kind, codec);
    this.codecOfPayloadType = codecOfPayloadType;
  }

  /** Every negotiated kind, sending or not (each gets its UDP ports once). */
  get negotiatedKinds(): MediaKind[] {
    return [...this.codecs.keys()];
  }

  /** The codecs ffmpeg's input describes now: one per kind that sends. */
  inputCodecs(): NegotiatedCodec[] {
    return [...this.codecs.values()].filter((codec) => !this.silent.has(codec.kind));
  }

  /** Looks at one arriving packet and updates what ffmpeg should be told. */
  observe(kind: MediaKind, payloadType: number): PacketVerdict {
    const codec = this.codecs.get(kind);
    if (!codec) return { action: 'drop' };
    const firstOfKind = !this.heard.has(kind);
    this.heard.add(kind);
    if (payloadType !== codec.payloadType) {
      const sent = this.codecOfPayloadType(kind, payloadType);
      if (!sent) return { action: 'drop' };
      this.codecs.set(kind, sent);
      this.silent.delete(kind);
      return {
        action: 'restart',
        reason: `the broadcaster sends ${kind} as ${sent.name} (payload type ${payloadType}), not ${codec.name}`,
      };
    }
    if (firstOfKind && this.silent.delete(kind)) {
      return { action: 'restart', reason: `the broadcaster sends ${kind} now` };
    }
    return { action: 'forward', codec };
  }

  /**
   * Leaves out the kinds nothing has come of (call it a while after the first packet). Returns the
   * reason to start ffmpeg again, or undefined when every kind sends.
   */
  leaveOutSilentKinds(): string | undefined {
    const silent = this.negotiatedKinds.filter((kind) => !this.heard.has(kind) && !this.silent.has(kind));
    if (silent.length === 0 || silent.length === this.codecs.size) return undefined;
    for (const kind of silent) this.silent.add(kind);
    return `the broadcaster sends no ${silent.join(' and ')}: HLS goes on without it`;
  }
}
