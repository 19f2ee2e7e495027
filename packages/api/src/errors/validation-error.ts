import { ImageFluxError } from './imageflux-error.js';

/** A request was refused before anything was sent. `field` names the offending field, e.g. `hls[0].video.fps`. */
export class ImageFluxValidationError extends ImageFluxError {
  constructor(
    readonly field: string,
    readonly kind: 'missing' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
