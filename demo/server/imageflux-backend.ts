/**
 * The ImageFlux side of the demo: a client for the real service, or for an emulator started in
 * this process. Either way the access token stays here, in the backend.
 */
import { randomBytes } from 'node:crypto';
import { ImageFluxClient } from '@ifls/api';
import { startEmulator, type RunningEmulator } from '@ifls/emulator';
import type { DemoConfig } from './config.js';

export interface ImageFluxBackend {
  kind: 'emulator' | 'service';
  client: ImageFluxClient;
  /** Set when the demo runs its own emulator: its API URL and token are printed for curl. */
  emulator: { url: string; token: string } | undefined;
  /**
   * Set when the service can reach the demo with event webhooks and signs them with this secret:
   * the emulator started here. The real service cannot reach a demo on your machine.
   */
  webhookSecret: string | undefined;
  /** Stops the emulator (its connections and ffmpeg processes); nothing to do for the real service. */
  close(): Promise<void>;
}

export async function connectImageFlux(config: DemoConfig, log: (line: string) => void): Promise<ImageFluxBackend> {
  if (config.service !== undefined) {
    const client = new ImageFluxClient({ endpoint: config.service.apiUrl, accessToken: config.service.accessToken });
    return { kind: 'service', client, emulator: undefined, webhookSecret: undefined, close: async () => {} };
  }
  // Made up for this run, like the token: the demo's webhook endpoint accepts only what the emulator signed.
  const webhookSecret = randomBytes(32).toString('hex');
  // Same host as the demo, so a DEMO_HOST reachable from a phone makes the stream reachable too.
  const emulator: RunningEmulator = await startEmulator({
    host: config.host,
    port: config.emulatorPort,
    webhookSecret,
    log: (line) => {
      // The demo logs what its pages do; a line per API call would repeat that, and the channel
      // page polls ListConnections every few seconds.
      if (!/^(POST|OPTIONS) \/ /.test(line)) log(`emulator: ${line}`);
    },
  });
  const token = emulator.tokens[0] as string;
  return {
    kind: 'emulator',
    client: new ImageFluxClient({ endpoint: emulator.url, accessToken: token }),
    emulator: { url: emulator.url, token },
    webhookSecret,
    close: () => emulator.close(),
  };
}
