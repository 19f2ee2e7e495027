import { ImageFluxError } from './imageflux-error.js';

/** The request never got an answer: DNS, refused connection, reset. The request may or may not have been applied. */
export class ImageFluxNetworkError extends ImageFluxError {
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    super(`${target} could not reach the service: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
