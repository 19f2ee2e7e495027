/** What the engine running a test can do: tests of a feature run where the feature exists. */
export const engine = {
  name: /Firefox\//.test(navigator.userAgent) ? 'firefox' : /Chrome\//.test(navigator.userAgent) ? 'chromium' : 'webkit',
  webrtc: typeof RTCPeerConnection === 'function',
  mediaSource: typeof MediaSource === 'function',
  nativeHls: document.createElement('video').canPlayType('application/vnd.apple.mpegurl') !== '',
} as const;

/** Polls `condition` every 50 ms; rejects with `message` (read at the timeout, when a function) after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  message: string | (() => string),
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms: ${typeof message === 'function' ? message() : message}`);
    }
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
