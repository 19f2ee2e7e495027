/** Seconds of media buffered ahead of the playhead. */
export function bufferAhead(video: HTMLVideoElement): number {
  const { buffered, currentTime } = video;
  for (let range = 0; range < buffered.length; range++) {
    if (buffered.start(range) <= currentTime && currentTime <= buffered.end(range)) {
      return buffered.end(range) - currentTime;
    }
  }
  return 0;
}
