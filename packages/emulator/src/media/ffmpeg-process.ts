/**
 * One running ffmpeg, and the way to stop it without leaving an orphan. ffmpeg ignores a single
 * SIGINT once its RTP input is idle, so stopping escalates: SIGINT, SIGINT again after 500 ms
 * (the second one makes it finish the playlist with EXT-X-ENDLIST), SIGKILL after 3 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Every ffmpeg this process started and that has not exited yet (tests assert it ends empty). */
export const runningFfmpegProcesses = new Set<FfmpegProcess>();

process.once('exit', () => {
  for (const ffmpeg of runningFfmpegProcesses) ffmpeg.killNow();
});

export interface FfmpegProcessOptions {
  ffmpegPath: string;
  args: string[];
  cwd: string;
  /** Prefix of the log lines this process writes. */
  label: string;
  log(line: string): void;
}

export class FfmpegProcess {
  /** Resolves with the exit code or signal once ffmpeg has exited (or could not start). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly label: string;
  private readonly log: (line: string) => void;
  /** The last lines of stderr, written to the log when ffmpeg fails. */
  private readonly recentStderr: string[] = [];
  private stopping: Promise<void> | undefined;
  private isGone = false;

  constructor(options: FfmpegProcessOptions) {
    this.label = options.label;
    this.log = options.log;
    this.child = spawn(options.ffmpegPath, options.args, { cwd: options.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    runningFfmpegProcesses.add(this);
    this.child.stderr!.setEncoding('utf8');
    let partial = '';
    this.child.stderr!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split(/\r?\n|\r/);
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') continue;
        this.recentStderr.push(line);
        if (this.recentStderr.length > 20) this.recentStderr.shift();
      }
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.isGone = true;
        runningFfmpegProcesses.delete(this);
        resolve({ code, signal });
      });
      this.child.once('error', (error) => {
        this.log(`${this.label}: could not run ${options.ffmpegPath}: ${error.message}`);
        this.isGone = true;
        runningFfmpegProcesses.delete(this);
        resolve({ code: null, signal: null });
      });
    });
  }

  /** ffmpeg's process id; undefined when it could not start. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether ffmpeg has exited. */
  get hasExited(): boolean {
    return this.isGone;
  }

  /** Whether `stop()` was asked (an exit after that is expected, not a crash). */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** The last lines ffmpeg wrote to stderr, for the log when it fails. */
  stderrTail(): string[] {
    return [...this.recentStderr];
  }

  /** Ends ffmpeg gracefully (it finalizes its outputs) and resolves once it has exited. */
  stop(): Promise<void> {
    this.stopping ??= this.escalate();
    return this.stopping;
  }

  /** Synchronous last resort, for process exit. */
  killNow(): void {
    if (!this.isGone) this.child.kill('SIGKILL');
  }

  private async escalate(): Promise<void> {
    if (this.isGone) return;
    const exited = this.exited.then(() => undefined);
    const timers: NodeJS.Timeout[] = [];
    this.child.kill('SIGINT');
    timers.push(setTimeout(() => this.signal('SIGINT'), 500));
    timers.push(
      setTimeout(() => {
        this.log(`${this.label}: ffmpeg did not stop within 3 s, killing it`);
        this.signal('SIGKILL');
      }, 3000),
    );
    await exited;
    for (const timer of timers) clearTimeout(timer);
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.isGone) this.child.kill(signal);
  }
}
