/**
 * The ifls demo: `npm start` runs this file. It starts the local emulator (or uses the real service
 * when IFLS_API_URL and IFLS_ACCESS_TOKEN are set), bundles the pages, serves them with a small JSON
 * API, and prints the address to open. Ctrl-C stops everything, the emulator's ffmpeg included.
 */
import { ChannelBook } from './server/channel-book.js';
import { DemoConfigError, readConfig } from './server/config.js';
import { DemoApi } from './server/demo-api.js';
import { startDemoServer } from './server/demo-server.js';
import { banner } from './server/banner.js';
import { connectImageFlux, type ImageFluxBackend } from './server/imageflux-backend.js';
import { loadPageAssets } from './server/page-assets.js';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  // Pages first: a broken bundle should stop the demo before any ffmpeg runs.
  const assets = await loadPageAssets();
  const backend = await connectImageFlux(config, log);
  let server;
  try {
    const book = new ChannelBook();
    const api = new DemoApi({ backend, book, log });
    server = await startDemoServer({
      host: config.host,
      port: config.port,
      api,
      assets,
      book,
      backend,
      log,
      extraAllowedHosts: config.allowedHosts,
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  console.log(banner(server.url, backend, server.lanUrls));
  stopOnSignals(() => server.close(), backend);
}

function stopOnSignals(closeServer: () => Promise<void>, backend: ImageFluxBackend): void {
  const stop = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    Promise.all([closeServer(), backend.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
      },
    );
  };
  // `once`: a second Ctrl-C while stopping falls through to Node's default and ends the process at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`ifls demo: ${describeStartupError(error)}`);
  process.exit(1);
});

function describeStartupError(error: unknown): string {
  if (error instanceof DemoConfigError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `${(error as Error).message}. Another program uses that port: set DEMO_PORT (or IFLS_EMULATOR_PORT) to a free one.`;
  if (isEsbuildFailure(error)) {
    return `could not bundle the pages (run \`npm run build\` first if @ifls/elements is missing):\n${(error as Error).message}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isEsbuildFailure(error: unknown): boolean {
  return error instanceof Error && Array.isArray((error as { errors?: unknown }).errors);
}
