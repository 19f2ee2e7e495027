// Test helper (never shipped: the build leaves src/test/ out of dist/): runs the real CLI as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Run from source through tsx, so the tests need no build. */
const CLI_ARGS = ['--import', 'tsx', 'packages/emulator/src/cli.ts'];
const BANNER_END = 'Stop with Ctrl-C.';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedCli {
  child: ChildProcess;
  /** The API endpoint the banner printed. */
  url: string;
  /** The access token(s) the banner printed. */
  tokens: string[];
  /** The banner's curl line, trimmed. */
  curl: string;
  /** Everything printed on stdout so far. */
  output(): string;
  exited: Promise<Exit>;
}

/** Starts CLIs and ends every one still running in `killAll()` (call it from `after`). */
export class CliProcesses {
  private readonly running = new Set<ChildProcess>();

  /** Runs the CLI and waits for its banner; rejects if it exits first. */
  start(args: string[]): Promise<StartedCli> {
    const { child, exited, stdout, stderr } = this.spawn(args);
    return new Promise((resolve, reject) => {
      const onData = () => {
        if (!stdout().includes(BANNER_END)) return;
        child.stdout?.off('data', onData);
        try {
          resolve({ child, exited, output: stdout, ...parseBanner(stdout()) });
        } catch (error) {
          reject(error);
        }
      };
      child.stdout?.on('data', onData);
      void exited.then((exit) =>
        reject(new Error(`the CLI exited (${exit.code ?? exit.signal}) before it listened:\n${stdout()}${stderr()}`)),
      );
    });
  }

  /** Runs the CLI to its end (for --help and bad arguments). */
  async run(args: string[]): Promise<Exit & { stdout: string; stderr: string }> {
    const { exited, stdout, stderr } = this.spawn(args);
    const exit = await exited;
    return { ...exit, stdout: stdout(), stderr: stderr() };
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

  private spawn(args: string[]) {
    const child = spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.running.add(child);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
    const exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.running.delete(child);
        resolve({ code, signal });
      });
    });
    return { child, exited, stdout: () => out, stderr: () => err };
  }
}

function parseBanner(text: string): Pick<StartedCli, 'url' | 'tokens' | 'curl'> {
  const url = /^API endpoint: +(\S+)$/m.exec(text)?.[1];
  const single = /^Access token: +(\S+)/m.exec(text)?.[1];
  const several = /^Access tokens: +(.+?) {2}/m.exec(text)?.[1];
  const curl = /^ *(curl .*)$/m.exec(text)?.[1];
  if (url === undefined || curl === undefined || (single ?? several) === undefined) {
    throw new Error(`unexpected banner:\n${text}`);
  }
  return { url, tokens: single !== undefined ? [single] : (several as string).split(', '), curl };
}
