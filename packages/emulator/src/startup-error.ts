/**
 * The emulator cannot start because of something its operator controls (the data folder, a
 * flag). The message is complete: it names the thing, what is wrong and what to do, so the CLI
 * prints it as it is instead of blaming the listen address.
 */
export class StartupError extends Error {
  /** The error's name, as logs show it. */
  override readonly name: string = 'StartupError';
}
