import { PublisherError } from './publisher-error.js';

/**
 * Close codes that say "try again" rather than "no": 1006 (no close frame: the server is not
 * there), 1001 (going away), 1011–1014 (server error, restart, overload, bad gateway).
 * Every other code a server sends before the offer is a refusal (auth webhook, unknown channel…).
 */
const transientCloseCodes = new Set([1001, 1006, 1011, 1012, 1013, 1014]);

/** The emulator's close for a video codec it cannot take (`UNSUPPORTED-VIDEO-CODEC: AV1`). */
const unsupportedCodecCloseCode = 4007;

/** A connection that went away between its `connect()` and the check that its media flows. */
export function lostAsMade(): PublisherError {
  return new PublisherError('connection-failed', 'The connection was lost as it was made.');
}

/**
 * Names a failed connect attempt; sora-js-sdk's ConnectError carries the server's close code and
 * reason. `videoCodec` is the one asked for, named by a `codec-unsupported`.
 */
export function connectFailure(error: unknown, videoCodec: string): PublisherError {
  if (error instanceof PublisherError) return error;
  const { code, reason } = error as { code?: number; reason?: string };
  if (typeof code === 'number' && (code === unsupportedCodecCloseCode || /CODEC/i.test(reason ?? ''))) {
    return new PublisherError('codec-unsupported', `The server refused the video codec ${videoCodec} (${code} ${reason ?? ''}).`, reason, {
      cause: error,
      codec: videoCodec,
    });
  }
  if (typeof code === 'number' && !transientCloseCodes.has(code)) {
    return new PublisherError('signaling-rejected', `The server refused the connection (${code} ${reason ?? ''}).`, reason, {
      cause: error,
    });
  }
  return new PublisherError('connection-failed', `Could not connect: ${(error as Error)?.message ?? error}`, undefined, {
    cause: error,
  });
}

/** The error of an outage that `attempts` reconnects could not end; `lastFailure` is the last one's. */
export function giveUp(lastFailure: unknown, attempts: number, videoCodec: string): PublisherError {
  const failure =
    lastFailure instanceof Event
      ? new PublisherError('connection-failed', 'The connection was lost.')
      : connectFailure(lastFailure, videoCodec);
  return new PublisherError(failure.code, `${failure.message} Gave up after ${attempts} reconnect attempts.`, failure.reason, {
    cause: lastFailure,
    ...(failure.codec === undefined ? {} : { codec: failure.codec }),
  });
}
