import { ImageFluxError } from './imageflux-error.js';

/** The client was set up wrongly: no token, a bad endpoint, or created in a browser. */
export class ImageFluxConfigurationError extends ImageFluxError {}
