import { ImageFluxError } from './imageflux-error.js';

/** No answer within `timeoutMs`. The request may still have been applied by the service. */
export class ImageFluxTimeoutError extends ImageFluxError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(`${target} got no answer within ${timeoutMs} ms`);
  }
}
