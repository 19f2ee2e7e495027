/** Base class of every error this package throws, so callers can catch them all with one `instanceof`. */
export class ImageFluxError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
