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
  /** Everything printed on stdout and stderr so far, in the order it came. */
  output(): string;
  /** Set once the process has exited. */
  exit(): Exit | undefined;
  exited: Promise<Exit>;
}

/** Starts CLIs and ends every one still running in `killAll()` (call it from `after`). */
export class CliProcesses {
  private readonly running = new Set<ChildProcess>();

  /** Runs the CLI (with `env` added to this process's environment) and waits for its banner; rejects if it exits first. */
  start(args: string[], env: Record<string, string> = {}): Promise<StartedCli> {
    const { child, exited, exit, stdout, output } = this.spawn(args, env);
    return new Promise((resolve, reject) => {
      const onData = () => {
        if (!stdout().includes(BANNER_END)) return;
        child.stdout?.off('data', onData);
        try {
          resolve({ child, exited, exit, output, ...parseBanner(stdout()) });
        } catch (error) {
          reject(error);
        }
      };
      child.stdout?.on('data', onData);
      void exited.then((ended) => reject(new Error(`the CLI exited (${ended.code ?? ended.signal}) before it listened:\n${output()}`)));
    });
  }

  /** Runs the CLI to its end (for --help and bad arguments). */
  async run(args: string[]): Promise<Exit & { stdout: string; stderr: string }> {
    const { exited, stdout, stderr } = this.spawn(args, {});
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

  private spawn(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [...CLI_ARGS, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.running.add(child);
    let out = '';
    let err = '';
    let both = '';
    let exit: Exit | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      both += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err += text;
      both += text;
    });
    const exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        this.running.delete(child);
        resolve(exit);
      });
    });
    return { child, exited, exit: () => exit, stdout: () => out, stderr: () => err, output: () => both };
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
