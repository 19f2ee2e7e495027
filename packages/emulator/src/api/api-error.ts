import type { ApiErrorBody } from '@ifls/api';

/**
 * An answer other than 2xx, in Sora's style: a status and a JSON body naming the problem.
 * Handlers throw it; the endpoint turns it into the response.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errorType: string;
  readonly field: string | undefined;

  constructor(status: number, errorType: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorType = errorType;
    this.field = field;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error_type: this.errorType, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    return body;
  }
}
