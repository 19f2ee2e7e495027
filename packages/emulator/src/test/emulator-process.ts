/**
 * A real emulator process for tests that must see it survive (or die): the CLI (cli-processes.ts)
 * on an ephemeral loopback port, with the given tokens and extra environment variables. Every
 * process started is killed by `killAll()` (call it from `after`).
 */
import { ImageFluxClient } from '@ifls/api';
import { CliProcesses, type StartedCli } from './cli-processes.js';

export interface EmulatorProcess extends StartedCli {
  /** Our own API client on this emulator, with its first token (or `token`). */
  client(token?: string): ImageFluxClient;
}

export class EmulatorProcesses {
  private readonly cli = new CliProcesses();

  /** `extraArgs` go to the CLI after the port, host and tokens (e.g. `['--data-dir', folder]`). */
  async start(tokens: string[], env: Record<string, string> = {}, extraArgs: string[] = []): Promise<EmulatorProcess> {
    const args = ['--port', '0', '--host', '127.0.0.1', ...tokens.flatMap((token) => ['--token', token]), ...extraArgs];
    const started = await this.cli.start(args, env);
    const client = (token = started.tokens[0]!) => new ImageFluxClient({ endpoint: started.url, accessToken: token });
    return { ...started, client };
  }

  killAll(): Promise<void> {
    return this.cli.killAll();
  }
}
