import { StartupError } from '../startup-error.js';

/** A file of the store that cannot be read as one: the emulator refuses to start rather than overwrite it. */
export class StoreFileError extends StartupError {
  /** The error's name, as logs show it. */
  override readonly name = 'StoreFileError';
  /** The file at fault. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(
      `${path}: ${problem}. It holds the emulator's channels and archive destinations, so the emulator ` +
        'will not start over it: move it out of the folder to start without its records, or fix it.',
    );
    this.path = path;
  }
}
