import { browserProblem } from './browser-support.js';
import { metadataProblem } from './metadata.js';
import { PublisherError } from './publisher-error.js';
import type { PublisherChannel, PublisherVideoCodec } from './publisher-types.js';
import type { SessionTarget } from './sora-session.js';
import { hasTrack } from './stream-tracks.js';
import type { JsonValue } from './sora-types.js';
import { chooseVideoCodec, sendableVideoCodecs, videoCodecNamed } from './video-codec.js';

/** The element's settings that say where and how to publish. */
export interface BroadcastSettings {
  readonly channel: PublisherChannel | null;
  readonly soraUrl: string;
  readonly channelId: string;
  readonly metadata: JsonValue | undefined;
  readonly videoCodec: PublisherVideoCodec;
  readonly videoBitrate: number | undefined;
  readonly audioBitrate: number | undefined;
  readonly connectTimeout: number;
  readonly reconnectAttempts: number;
  readonly stream: MediaStream | null;
}

/**
 * Why this browser cannot broadcast with these settings (no WebRTC, no camera access, not a
 * secure context); null when it can. A camera is needed unless the page's stream has both kinds.
 */
export function browserProblemFor(stream: MediaStream | null): PublisherError | null {
  return browserProblem(globalThis, !hasTrack(stream, 'video') || !hasTrack(stream, 'audio'));
}

/**
 * What `start()` connects with, or the error that stops it before anything is opened. The page's
 * own mistakes come first, before what the browser lacks: its author sees them in every browser.
 */
export function sessionTargetFor(settings: BroadcastSettings): SessionTarget | PublisherError {
  const requested = videoCodecNamed(settings.videoCodec);
  if (requested === null) {
    const codec = String(settings.videoCodec);
    return new PublisherError('invalid-video-codec', `video-codec "${codec}" is none of H264, VP8, VP9 and AV1.`, undefined, { codec });
  }
  const badMetadata = metadataProblem(settings.metadata);
  if (badMetadata !== null) return badMetadata;
  const problem = browserProblemFor(settings.stream);
  if (problem !== null) return problem;
  const videoCodec = chooseVideoCodec(requested, sendableVideoCodecs(globalThis.RTCRtpSender?.getCapabilities?.('video')));
  if (videoCodec === null) {
    return new PublisherError('codec-unsupported', 'This browser can send none of H264, VP8, VP9 and AV1.', undefined, {
      codec: requested,
    });
  }
  const soraUrl = settings.channel?.sora_url ?? settings.soraUrl;
  const channelId = settings.channel?.channel_id ?? settings.channelId;
  if (!soraUrl || !channelId) return new PublisherError('no-channel', 'Set sora-url and channel-id, or channel, before start().');
  return {
    soraUrl,
    channelId,
    metadata: settings.metadata,
    videoCodec,
    options: {
      audioCodecType: 'OPUS',
      ...(positive(settings.videoBitrate) ? { videoBitRate: settings.videoBitrate } : {}),
      ...(positive(settings.audioBitrate) ? { audioBitRate: settings.audioBitrate } : {}),
    },
    connectTimeoutMs: settings.connectTimeout,
    reconnectAttempts: settings.reconnectAttempts,
  };
}

function positive(value: number | undefined): value is number {
  return typeof value === 'number' && value > 0;
}
