/**
 * How a start went: playing (with sound, or muted because the browser refused sound without a
 * gesture), refused even muted, or interrupted (a `pause()` or a new source came first).
 */
export type StartOutcome = 'playing' | 'muted' | 'refused' | 'interrupted';

/**
 * Plays `video`, falling back to muted where the browser refuses sound without a gesture.
 * `mutedByAutoplay` hears `true` before the muted attempt (so the element can offer to unmute
 * when it succeeds) and `false` when that attempt fails too.
 */
export async function playOrMuted(video: HTMLVideoElement, mutedByAutoplay: (muted: boolean) => void): Promise<StartOutcome> {
  try {
    await video.play();
    return 'playing';
  } catch (error) {
    // An AbortError only means a pause() or a new source came first.
    if (!isNotAllowed(error)) return 'interrupted';
  }
  if (!video.muted) {
    video.muted = true;
    mutedByAutoplay(true);
    try {
      await video.play();
      return 'muted';
    } catch (error) {
      video.muted = false;
      mutedByAutoplay(false);
      if (!isNotAllowed(error)) return 'interrupted';
    }
  }
  return 'refused';
}

function isNotAllowed(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotAllowedError';
}
