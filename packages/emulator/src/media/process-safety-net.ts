/**
 * The last resort of the `ifls-emulator` process: an error no handler caught (an exception from
 * an event handler or timer, a rejected promise nobody awaited) is logged loudly and the process
 * goes on serving the other connections and channels. Every such path is meant to catch its own
 * errors (signaling-connection.ts), so anything caught here is a bug: the line starts with
 * SAFETY_NET_MARKER, which the process tests look for and fail on.
 *
 * Only the CLI installs it. `startEmulator` in a test process does not: there an uncaught error
 * still fails the test run, as it should.
 */
import { describeError } from '../describe-error.js';

export const SAFETY_NET_MARKER = 'BUG: uncaught';

let installed = false;

export function installProcessSafetyNet(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (installed) return;
  installed = true;
  // With this listener, an unhandled rejection arrives here too (origin 'unhandledRejection').
  process.on('uncaughtException', (error: unknown, origin: NodeJS.UncaughtExceptionOrigin) => {
    const what = origin === 'unhandledRejection' ? 'promise rejection' : 'exception';
    const detail = describeError(error);
    try {
      write(
        `${new Date().toISOString()} ${SAFETY_NET_MARKER} ${what}. The emulator keeps running, but this is a bug ` +
          `in it: please report it with this line.\n${detail}`,
      );
    } catch {
      // nowhere left to say it
    }
  });
}
