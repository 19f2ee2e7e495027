/**
 * The one error the demo's routes throw: an answer other than 2xx, with the body the pages show.
 * The app's error handler (demo-app.ts) turns it, and the API client's errors, into that answer.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ImageFluxApiError, ImageFluxNetworkError, ImageFluxTimeoutError, ImageFluxValidationError } from '@ifls/api';
import type { DemoErrorBody, DemoErrorCode } from '../shared/demo-api-types.js';

export class DemoHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: DemoErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /**
   * The answer for any error a route threw. These API client messages name the target and the
   * service's answer, never the token: safe to show. Anything else is a bug, logged here and
   * shown only as "see the console".
   */
  static from(error: unknown, log: (line: string) => void): DemoHttpError {
    if (error instanceof DemoHttpError) return error;
    if (error instanceof ImageFluxValidationError) return new DemoHttpError(400, 'invalid-request', error.message, error.field);
    if (error instanceof ImageFluxApiError) return new DemoHttpError(502, 'service-error', error.message);
    if (error instanceof ImageFluxNetworkError || error instanceof ImageFluxTimeoutError) {
      return new DemoHttpError(504, 'service-unreachable', error.message);
    }
    log(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new DemoHttpError(500, 'internal-error', 'The demo backend failed on this request; its console says why.');
  }

  toBody(): DemoErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) } };
  }
}
