import type { ApiErrorBody } from '@ifls/api';

/**
 * An answer other than 2xx, in Sora's style: a status and a JSON body naming the problem.
 * Handlers throw it; the endpoint turns it into the response.
 */
export class ApiError extends Error {
  /** The HTTP status the API answers with. */
  readonly status: number;
  /** The body's `error_type` (e.g. `INVALID-PARAMETER`). */
  readonly errorType: string;
  /** The request field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(status: number, errorType: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorType = errorType;
    this.field = field;
  }

  /** The JSON body the API answers with. */
  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error_type: this.errorType, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    return body;
  }
}
