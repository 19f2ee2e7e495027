import { readSentMedia, rejectedKind, sectionPort, silentKinds, type MediaKind, type SentMedia } from './media-flow.js';
import { PublisherError } from './publisher-error.js';

/**
 * How long media may take to flow once sora-js-sdk's `connect()` resolved. By then ICE and DTLS
 * are up: audio leaves within tens of milliseconds and the first video keyframe within a second,
 * even on a busy two-core machine (measured here: 0.1–0.3 s in Chromium and Firefox). 5 s leaves
 * room for a slow software encoder to start, and still tells a broadcaster who is not on air
 * within moments rather than letting them believe they are live.
 */
export const mediaFlowTimeoutMs = 5000;

/** Between two looks at `getStats()`: audio alone sends a packet every 20 ms. */
const pollMs = 50;

/**
 * The connection is new (a reconnect makes a new one too), so any byte counted has left this
 * browser since it connected: the first look that shows bytes of every kind is proof enough, and
 * `live` costs no second look.
 */
const nothingSent: SentMedia = { bytesSent: { audio: 0, video: 0 }, videoMimeType: null };

/**
 * Resolves once every kind of `kinds` is sent (bytes sent since the connection began); the result is the mime type of
 * the video codec when the stats name it. Throws `codec-unsupported` when negotiation left a kind
 * out (`codecs` names what was asked for each kind), `media-not-flowing` when a kind sends
 * nothing for `timeoutMs`, or `signal.reason` when aborted.
 */
export async function confirmMediaFlows(
  pc: RTCPeerConnection,
  kinds: readonly MediaKind[],
  codecs: Record<MediaKind, string>,
  signal: AbortSignal,
  timeoutMs = mediaFlowTimeoutMs,
): Promise<string | null> {
  const rejected = rejectedKind(
    kinds,
    pc.getTransceivers().map((transceiver) => ({
      kind: transceiver.receiver.track.kind,
      mid: transceiver.mid,
      currentDirection: transceiver.currentDirection,
      localPort: sectionPort(pc.currentLocalDescription?.sdp, transceiver.mid),
      remotePort: sectionPort(pc.currentRemoteDescription?.sdp, transceiver.mid),
    })),
  );
  if (rejected !== undefined) {
    const codec = codecs[rejected];
    throw new PublisherError('codec-unsupported', `The ${rejected} section was rejected: no codec in common (${codec}).`, undefined, {
      codec,
    });
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = readSentMedia(await pc.getStats());
    if (signal.aborted) throw signal.reason;
    const silent = silentKinds(kinds, nothingSent, sent);
    if (silent.length === 0) return sent.videoMimeType;
    if (Date.now() >= deadline) {
      throw new PublisherError('media-not-flowing', `Connected, but no ${silent.join(' or ')} was sent in ${timeoutMs} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
