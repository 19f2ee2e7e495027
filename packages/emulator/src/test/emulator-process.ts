/**
 * A real emulator process for tests that must see it survive (or die): the CLI run from source
 * through tsx, on an ephemeral loopback port, with extra environment variables. Every process
 * started is killed by `killAll()` (call it from `after`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ImageFluxClient } from '@ifls/api';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BANNER_END = 'Stop with Ctrl-C.';

export interface EmulatorProcess {
  child: ChildProcess;
  /** The API endpoint, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  tokens: string[];
  /** stdout and stderr so far. */
  output(): string;
  /** Set once the process has exited. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited: Promise<void>;
  /** Our own API client on this emulator, with its first token (or `token`). */
  client(token?: string): ImageFluxClient;
}

export class EmulatorProcesses {
  private readonly running = new Set<ChildProcess>();

  /** `extraArgs` go to the CLI after the port, host and tokens (e.g. `['--data-dir', folder]`). */
  async start(tokens: string[], env: Record<string, string> = {}, extraArgs: string[] = []): Promise<EmulatorProcess> {
    const args = ['--import', 'tsx', 'packages/emulator/src/cli.ts', '--port', '0', '--host', '127.0.0.1'];
    for (const token of tokens) args.push('--token', token);
    args.push(...extraArgs);
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.running.add(child);
    let output = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        this.running.delete(child);
        resolve();
      });
    });
    const url = await new Promise<string>((resolve, reject) => {
      const onData = () => {
        if (!output.includes(BANNER_END)) return;
        child.stdout.off('data', onData);
        const found = /^API endpoint: +(\S+)$/m.exec(output)?.[1];
        if (found) resolve(found);
        else reject(new Error(`unexpected banner:\n${output}`));
      };
      child.stdout.on('data', onData);
      void exited.then(() => reject(new Error(`the emulator exited before it listened:\n${output}`)));
    });
    const client = (token = tokens[0]!) => new ImageFluxClient({ endpoint: url, accessToken: token });
    return { child, url, tokens, output: () => output, exit: () => exit, exited, client };
  }

  async killAll(): Promise<void> {
    await Promise.all(
      [...this.running].map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            if (!child.kill('SIGKILL')) resolve();
          }),
      ),
    );
  }
}
