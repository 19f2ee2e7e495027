/**
 * Whether a connection really sends what it was given: the pure parts, read from
 * `getStats()`, the transceivers and the session descriptions (media-flow-check.ts runs them).
 */
export type MediaKind = 'audio' | 'video';

/** Running totals of one `getStats()` call. */
export interface SentMedia {
  bytesSent: Record<MediaKind, number>;
  /** Mime type of the codec the video goes out with (`video/VP8`), once the stats name it. */
  videoMimeType: string | null;
}

/** One transceiver after negotiation. */
export interface MediaSection {
  kind: string;
  mid: string | null;
  /** `RTCRtpTransceiver.currentDirection`; undefined where the browser lacks it. */
  currentDirection: string | null | undefined;
  /** Port of its m-line in the local and the remote description (0: rejected). */
  localPort: number | null;
  remotePort: number | null;
}

type Stat = Record<string, unknown> & { type: string };

export function readSentMedia(report: Pick<RTCStatsReport, 'forEach' | 'get'>): SentMedia {
  const sent: SentMedia = { bytesSent: { audio: 0, video: 0 }, videoMimeType: null };
  report.forEach((value) => {
    const stat = value as Stat;
    if (stat.type !== 'outbound-rtp') return;
    const kind = stat.kind ?? stat.mediaType; // mediaType: browsers before the spec's rename
    if (kind !== 'audio' && kind !== 'video') return;
    if (typeof stat.bytesSent === 'number') sent.bytesSent[kind] += stat.bytesSent;
    const codec = typeof stat.codecId === 'string' ? (report.get(stat.codecId) as Stat | undefined) : undefined;
    if (kind === 'video' && typeof codec?.mimeType === 'string') sent.videoMimeType = codec.mimeType;
  });
  return sent;
}

/** The kinds of `kinds` whose bytes sent did not grow from `first` to `latest`. */
export function silentKinds(kinds: readonly MediaKind[], first: SentMedia, latest: SentMedia): MediaKind[] {
  return kinds.filter((kind) => !(latest.bytesSent[kind] > first.bytesSent[kind]));
}

/**
 * The first kind of `kinds` that no negotiated section sends: the server left it out, or the
 * answer rejected it (port 0, direction inactive or stopped): no codec in common. Undefined when
 * every kind has one.
 */
export function rejectedKind(kinds: readonly MediaKind[], sections: readonly MediaSection[]): MediaKind | undefined {
  return kinds.find((kind) => !sections.some((section) => section.kind === kind && isSending(section)));
}

function isSending({ mid, currentDirection, localPort, remotePort }: MediaSection): boolean {
  if (mid === null || localPort === 0 || remotePort === 0) return false;
  return currentDirection === undefined || currentDirection === 'sendonly' || currentDirection === 'sendrecv';
}

/** The port of the m-line of the section `a=mid:<mid>` in `sdp`; null when there is none. */
export function sectionPort(sdp: string | undefined, mid: string | null): number | null {
  for (const section of sdp?.split(/\r?\nm=/).slice(1) ?? []) {
    if (section.split(/\r?\n/).includes(`a=mid:${mid}`)) return Number(section.split(' ')[1]);
  }
  return null;
}
