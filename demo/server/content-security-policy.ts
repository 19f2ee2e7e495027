/**
 * The pages' Content-Security-Policy: scripts and styles only from files of this server (no inline
 * code anywhere), connections only to this server and to where the channels' media is.
 */

export interface MediaSources {
  /** Origins of the emulator or of the channels' sora_url and playlist_url. */
  origins: string[];
  /**
   * The real service may move signaling to another node (Sora's `redirect`) and serve segments
   * from other hosts than the playlist, so any https/wss address is allowed there.
   */
  anySecureHost: boolean;
}

export function contentSecurityPolicy(media: MediaSources): string {
  const hosts = [...new Set(media.origins), ...(media.anySecureHost ? ['https:', 'wss:'] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src 'self' ${hosts}`,
    // blob: for MediaSource playback (hls.js); the hosts for native HLS (Safari).
    `media-src 'self' blob: ${hosts}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
