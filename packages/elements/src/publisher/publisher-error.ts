import type { PublisherErrorCode } from './publisher-types.js';

/**
 * An error of `<ifls-publisher>`: `code` is stable; `reason` is the server's words, when it gave
 * some; `codec` names the codec of a `codec-unsupported`, or the value of an `invalid-video-codec`.
 */
export class PublisherError extends Error {
  override readonly name = 'PublisherError';
  /** The codec of a `codec-unsupported`; the value as set of an `invalid-video-codec`. */
  readonly codec?: string;

  constructor(
    /** What went wrong; see PublisherErrorCode. */
    readonly code: PublisherErrorCode,
    message: string,
    /** The server's words, when it gave some (a refusal's close reason). */
    readonly reason?: string,
    options?: { cause?: unknown; codec?: string },
  ) {
    super(message, options);
    if (options?.codec !== undefined) this.codec = options.codec;
  }
}

/** Names what `getUserMedia` / `getDisplayMedia` threw (DOMException names from Media Capture and Streams). */
export function mediaError(error: unknown): PublisherError {
  if (error instanceof PublisherError) return error;
  const name = (error as { name?: string } | null)?.name;
  const cause = { cause: error };
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new PublisherError('permission-denied', 'Camera or microphone access was denied.', undefined, cause);
    case 'NotFoundError':
      return new PublisherError('no-device', 'No camera or microphone was found.', undefined, cause);
    case 'OverconstrainedError':
      return new PublisherError('overconstrained', 'No device satisfies the requested constraints.', undefined, cause);
    default:
      // NotReadableError, AbortError and anything else: the device is there but did not start.
      return new PublisherError('device-in-use', 'The camera or microphone could not be started.', undefined, cause);
  }
}
