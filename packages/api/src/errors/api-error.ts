import { isJsonObject } from '../json-object.js';
import { ImageFluxError } from './imageflux-error.js';

/**
 * The service answered with an error status (or a success status with a body that is not JSON).
 * `body` is the parsed JSON answer when it was JSON, else its text.
 */
export class ImageFluxApiError extends ImageFluxError {
  /** Sora-style `error_type` from the body, when the service sent one. */
  readonly errorType: string | undefined;

  constructor(
    readonly status: number,
    readonly target: string,
    readonly body: unknown,
    message?: string,
  ) {
    const errorType = readString(body, 'error_type');
    const detail = message ?? readString(body, 'message') ?? (typeof body === 'string' ? body.slice(0, 200) : '');
    super(`${target} failed with HTTP ${status}${errorType ? ` ${errorType}` : ''}${detail ? `: ${detail}` : ''}`);
    this.errorType = errorType;
  }
}

function readString(body: unknown, key: string): string | undefined {
  if (!isJsonObject(body)) return undefined;
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}
