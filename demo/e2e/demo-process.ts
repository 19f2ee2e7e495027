/**
 * The demo started the way a user starts it (`node --import tsx demo/server.ts`, what `npm start`
 * runs after building), on a free port, and stopped the way a user stops it (Ctrl-C).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoProcess {
  /** The address the demo printed, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** null while it runs; its exit code (or the signal's name) once it ended. */
  exitCode(): number | string | null;
  /** SIGINT, then SIGKILL if it has not exited within `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>;
}

/** `env`: more settings for the demo (e.g. IFLS_DEMO_ALLOWED_HOSTS), over the defaults below. */
export async function startDemoProcess(timeoutMs = 60_000, env: Record<string, string> = {}): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], {
    cwd: repoRoot,
    // Port 0: any free port. No IFLS_API_URL/IFLS_ACCESS_TOKEN: the demo runs its own emulator.
    env: { ...process.env, DEMO_PORT: '0', DEMO_HOST: '127.0.0.1', IFLS_API_URL: '', IFLS_ACCESS_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`The demo printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const look = () => {
      const match = /Open:\s+(http:\/\/\S+)/.exec(output);
      if (match) done(() => resolve(match[1] as string));
    };
    const exited = (code: number | null) => fail(new Error(`The demo exited (code ${code}) before printing its URL:\n${output}`));
    const done = (finish: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', look);
      child.off('exit', exited);
      finish();
    };
    const fail = (error: Error) => done(() => reject(error));
    child.stdout?.on('data', look);
    child.once('exit', exited);
  }).catch(async (error: unknown) => {
    await stopChild(child, 5000);
    throw error;
  });

  return {
    url,
    pid: child.pid as number,
    output: () => output,
    exitCode: () => child.exitCode ?? child.signalCode,
    stop: (graceMs = 20_000) => stopChild(child, graceMs),
  };
}

async function stopChild(child: ChildProcess, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode, killed: false };
  }
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGINT');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, graceMs);
  const [code, signal] = await exited;
  clearTimeout(timer);
  return { code, signal, killed };
}
