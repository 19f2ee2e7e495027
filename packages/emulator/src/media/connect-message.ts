/**
 * Validation of the `connect` message sora-js-sdk sends first (docs/sora-signaling.md §1).
 * Only what the emulator acts on is checked; everything else is passed through to webhooks.
 */
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { idProblem, jsonValueProblem } from './signaling-limits.js';
import { isJsonObject } from '../json-object.js';

export type ConnectRole = 'sendonly' | 'recvonly';

/** Video codecs a broadcaster may publish: those ffmpeg 5.1 can read from RTP. */
export const publishableVideoCodecs = ['H264', 'VP8', 'VP9'] as const;
export type PublishableVideoCodec = (typeof publishableVideoCodecs)[number];

export interface ConnectRequest {
  role: ConnectRole;
  channelId: string;
  /** The client's `client_id`, when it sent one. */
  clientId: string | undefined;
  metadata: unknown;
  /** `audio`/`video` as sent: a boolean or an object with codec settings. */
  audio: unknown;
  video: unknown;
  audioEnabled: boolean;
  videoEnabled: boolean;
  /** The codec the broadcaster asked for; undefined lets the browser choose among the publishable ones. */
  videoCodec: PublishableVideoCodec | undefined;
  soraClient: string | undefined;
  environment: unknown;
  /** The whole message, for the auth webhook. */
  raw: Record<string, unknown>;
}

export type ConnectParseResult = { ok: true; request: ConnectRequest } | { ok: false; close: SignalingClose };

const invalid = (detail: string): ConnectParseResult => ({
  ok: false,
  close: signalingClose(CloseCode.invalidConnectMessage, `INVALID-CONNECT-MESSAGE: ${detail}`),
});

export function parseConnectMessage(message: Record<string, unknown>): ConnectParseResult {
  const role = message.role;
  if (typeof role !== 'string') return invalid('role is missing');
  if (role === 'sendrecv') {
    return { ok: false, close: signalingClose(CloseCode.unsupportedRole, `UNSUPPORTED-ROLE: ${role}`) };
  }
  if (role !== 'sendonly' && role !== 'recvonly') return invalid(`role must be sendonly or recvonly, not ${role}`);

  const channelId = message.channel_id;
  if (typeof channelId !== 'string' || channelId === '') return invalid('channel_id is missing');

  const clientId = message.client_id;
  if (clientId !== undefined && typeof clientId !== 'string') return invalid('client_id must be a string');

  // What the emulator keeps and repeats to others (notifies, webhooks) is bounded (signaling-limits.ts).
  const tooLarge =
    idProblem('client_id', clientId) ??
    idProblem('bundle_id', message.bundle_id) ??
    jsonValueProblem('metadata', message.metadata) ??
    jsonValueProblem('signaling_notify_metadata', message.signaling_notify_metadata);
  if (tooLarge !== undefined) {
    return { ok: false, close: signalingClose(CloseCode.fieldTooLarge, `FIELD-TOO-LARGE: ${tooLarge}`) };
  }

  const audio = message.audio ?? true;
  const video = message.video ?? true;
  if (!isBooleanOrObject(audio)) return invalid('audio must be a boolean or an object');
  if (!isBooleanOrObject(video)) return invalid('video must be a boolean or an object');
  const audioEnabled = audio !== false;
  const videoEnabled = video !== false;
  // Audio-only broadcasts make audio-only HLS; a broadcaster with nothing to send is a mistake.
  if (role === 'sendonly' && !audioEnabled && !videoEnabled) return invalid('a broadcaster must send audio or video');

  let videoCodec: PublishableVideoCodec | undefined;
  const codecType = typeof video === 'object' ? (video as Record<string, unknown>).codec_type : undefined;
  // AV1 and H.265 are refused: ffmpeg 5.1 cannot depacketize them from RTP, so no HLS could be made.
  if (codecType !== undefined) {
    if (typeof codecType !== 'string') return invalid('video.codec_type must be a string');
    if (role === 'sendonly') {
      const known = publishableVideoCodecs.find((codec) => codec === codecType);
      if (!known) {
        return {
          ok: false,
          close: signalingClose(CloseCode.unsupportedVideoCodec, `UNSUPPORTED-VIDEO-CODEC: ${codecType}`),
        };
      }
      videoCodec = known;
    }
  }

  return {
    ok: true,
    request: {
      role,
      channelId,
      clientId,
      metadata: message.metadata ?? null,
      audio,
      video,
      audioEnabled,
      videoEnabled,
      videoCodec,
      soraClient: typeof message.sora_client === 'string' ? message.sora_client : undefined,
      environment: message.environment,
      raw: message,
    },
  };
}

function isBooleanOrObject(value: unknown): boolean {
  return typeof value === 'boolean' || isJsonObject(value);
}
