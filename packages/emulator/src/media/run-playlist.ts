/** Reads the media playlist one ffmpeg run writes: the segments it lists, in order. */
export interface RunSegment {
  uri: string;
  duration: number;
  programDateTime: string | undefined;
}

export function parseRunPlaylist(text: string): { segments: RunSegment[]; ended: boolean } {
  const segments: RunSegment[] = [];
  let duration: number | undefined;
  let programDateTime: string | undefined;
  let ended = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#EXTINF:')) {
      duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    } else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      programDateTime = line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length);
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (!line.startsWith('#') && duration !== undefined && Number.isFinite(duration)) {
      segments.push({ uri: line, duration, programDateTime });
      duration = undefined;
      programDateTime = undefined;
    }
  }
  return { segments, ended };
}
