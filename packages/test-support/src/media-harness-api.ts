/**
 * What `media-harness/harness.js` offers on the page as `globalThis.harness`, typed for the
 * callbacks tests and the bench hand to Playwright's `page.evaluate`, where no DOM or harness
 * types exist: `(globalThis as unknown as HarnessGlobal).harness.publish(…)`.
 */

/** How a publish or view ended: `ok`, or the error the SDK gave, as plain JSON. */
export interface HarnessResult {
  ok: boolean;
  connectionId?: string;
  clientId?: string;
  name?: string;
  message?: string;
  code?: number;
  reason?: string;
}

/** A signaling message or SDK event a connection saw (`type` is Sora's, or `disconnect`). */
export interface HarnessEvent {
  type: string;
  [key: string]: unknown;
}

/** What a `<video>` of the page shows. */
export interface HarnessVideoState {
  videoWidth: number;
  videoHeight: number;
  currentTime: number;
  /** Pictures shown so far. */
  frames: number;
  /** Chromium's count of audio bytes decoded: sound is played, not just time passing. */
  audioDecodedBytes: number;
  /** hls.js errors, as `type/details/fatal`. */
  errors: string[];
}

export interface HarnessApi {
  /** Publishes the fake camera; `options` as harness.js documents (`soraUrl`, `channelId`, …). */
  publish(name: string, options: Record<string, unknown>): Promise<HarnessResult>;
  /** The codec each kind is sent with (`video/VP9`…). */
  sentCodecs(name: string): Promise<{ audio?: string; video?: string }>;
  /** Receives the channel over WebRTC into a `<video>`. */
  view(name: string, options: Record<string, unknown>): Promise<HarnessResult>;
  disconnect(name: string): Promise<void>;
  events(name: string): HarnessEvent[];
  streamIds(name: string): string[];
  /** Plays an HLS playlist with hls.js (`config` goes to hls.js). */
  play(name: string, url: string, config?: Record<string, unknown>): boolean;
  videoState(name: string): HarnessVideoState | undefined;
  /** Of the next `count` pictures, how many differ clearly from the one before. */
  motion(name: string, count?: number): Promise<{ pictures: number; changed: number }>;
  stopPlaying(name: string): void;
}

export interface HarnessGlobal {
  harness: HarnessApi;
}
