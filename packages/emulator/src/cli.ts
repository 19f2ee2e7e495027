/**
 * `ifls-emulator`: starts the emulator from the command line and runs until SIGINT or SIGTERM.
 * Importing this module runs it (bin/ifls-emulator.js imports the built copy).
 */
import { CliUsageError, parseCliArguments, USAGE } from './cli-options.js';
import { startupBanner } from './startup-banner.js';

async function main(args: string[]): Promise<void> {
  let command;
  try {
    command = parseCliArguments(args);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`ifls-emulator: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }

  const { options } = command;
  // Loaded only now: --help and usage errors answer without loading the media stack.
  const { startEmulator } = await import('./emulator.js');
  let emulator;
  try {
    emulator = await startEmulator({ ...options, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
  } catch (error) {
    // A StartupError names its own cause (the data folder, a flag); anything else is most likely the address.
    const { StartupError } = await import('./startup-error.js');
    const where = error instanceof StartupError ? '' : ` on ${options.host}:${options.port}`;
    process.stderr.write(`ifls-emulator: could not start${where}: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  // Last resort: one connection's bug must not end every channel (it is logged as a BUG).
  const { installProcessSafetyNet } = await import('./media/process-safety-net.js');
  installProcessSafetyNet();
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ifls-emulator: stopping failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // `once`: a second Ctrl-C while closing falls through to Node's default and ends the process at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  // Printed last: whoever waits for the banner (a person, a test) may signal the moment it appears.
  console.log(
    startupBanner({
      url: emulator.url,
      tokens: emulator.tokens,
      tokenGenerated: options.tokens === undefined,
      dataDir: options.dataDir,
      archiveRoot: options.archiveRoot,
    }),
  );
}

await main(process.argv.slice(2));
