/** Whether `stream` (whatever a page set) is a MediaStream with a track of `kind`. */
export function hasTrack(stream: unknown, kind: 'audio' | 'video'): boolean {
  return stream instanceof MediaStream && stream.getTracks().some((track) => track.kind === kind);
}
