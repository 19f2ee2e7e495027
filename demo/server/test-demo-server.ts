/**
 * Test helper (only the demo's tests import it): a real demo server over a real emulator, on
 * ephemeral loopback ports, quiet unless a test hands it a `log`.
 */
import { ChannelBook } from './channel-book.js';
import { DemoApi } from './demo-api.js';
import { startDemoServer, type DemoServerOptions, type RunningDemoServer } from './demo-server.js';
import { connectImageFlux, type ImageFluxBackend } from './imageflux-backend.js';

/** The demo's backend on an emulator of its own (close it from `after`). */
export function startTestBackend(): Promise<ImageFluxBackend> {
  return connectImageFlux({ host: '127.0.0.1', port: 0, service: undefined, emulatorPort: 0, allowedHosts: [] }, () => {});
}

/** What a test may set; the rest is a loopback server on an ephemeral port with no pages. */
export type TestDemoServerOptions = { backend: ImageFluxBackend } & Partial<Omit<DemoServerOptions, 'backend' | 'api' | 'book'>>;

/** A demo server with its own channel book and API on `backend`; its `log` reaches the API too. */
export function startTestDemoServer({ backend, ...overrides }: TestDemoServerOptions): Promise<RunningDemoServer> {
  const book = new ChannelBook();
  const log = overrides.log ?? (() => {});
  return startDemoServer({
    host: '127.0.0.1',
    port: 0,
    assets: new Map(),
    ...overrides,
    api: new DemoApi({ backend, book, log }),
    book,
    backend,
    log,
  });
}
