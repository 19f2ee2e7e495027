/**
 * The parts of sora-js-sdk 2026.1.0 the publisher uses, typed here. The SDK's .d.ts files import
 * each other without file extensions, which TypeScript's NodeNext resolution cannot follow: through
 * `import type … from 'sora-js-sdk'` every SDK type arrives as `any` and nothing would be checked.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

export interface SoraConnectionOptions {
  videoCodecType?: 'H264' | 'VP8' | 'VP9' | 'AV1' | 'H265';
  audioCodecType?: 'OPUS';
  /** kbit/s */
  videoBitRate?: number;
  /** kbit/s */
  audioBitRate?: number;
}

/** What sora-js-sdk passes to `disconnect` listeners. `normal` is a close code 1000 (or the client's own disconnect). */
export interface SoraCloseEvent extends Event {
  type: 'normal' | 'abend';
  title: string;
  code?: number;
  reason?: string;
}

/** A Sora `notify` message; `network.status` carries `unstable_level` (0 stable … 3 very unstable). */
export interface SoraNotifyMessage {
  type: 'notify';
  event_type: string;
  unstable_level?: number;
  [field: string]: unknown;
}

export interface SoraPushMessage {
  type: 'push';
  data: Record<string, unknown>;
}

/** sora-js-sdk's ConnectionPublisher, as far as the element uses it. */
export interface SoraPublisher {
  readonly connectionId: string | null;
  readonly pc: RTCPeerConnection | null;
  connect(stream: MediaStream): Promise<MediaStream>;
  /** Safe to call any number of times, in parallel. */
  disconnect(): Promise<void>;
  replaceVideoTrack(stream: MediaStream, track: MediaStreamTrack): Promise<void>;
  replaceAudioTrack(stream: MediaStream, track: MediaStreamTrack): Promise<void>;
  on(kind: 'disconnect', callback: (event: SoraCloseEvent) => void): void;
  on(kind: 'push', callback: (message: SoraPushMessage) => void): void;
  on(kind: 'notify', callback: (message: SoraNotifyMessage) => void): void;
}

/** The SDK's default export. */
export interface SoraSdk {
  connection(signalingUrl: string): {
    sendonly(channelId: string, metadata: JsonValue, options: SoraConnectionOptions): SoraPublisher;
  };
}
