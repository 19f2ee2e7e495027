/**
 * The processes a process started (its descendants), from `ps`: enough to tell whether the demo
 * left an ffmpeg running after it stopped.
 */
import { execFileSync } from 'node:child_process';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
}

function allProcesses(): ProcessInfo[] {
  const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), command: (match[3] as string).trim() }));
}

export function descendantsOf(pid: number): ProcessInfo[] {
  const processes = allProcesses();
  const found: ProcessInfo[] = [];
  const parents = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of processes) {
      if (parents.has(candidate.ppid) && !parents.has(candidate.pid)) {
        parents.add(candidate.pid);
        found.push(candidate);
        grew = true;
      }
    }
  }
  return found;
}

/** Those of `processes` that still run (same pid, same command: a reused pid is not a survivor). */
export function stillRunning(processes: ProcessInfo[]): ProcessInfo[] {
  const running = allProcesses();
  return processes.filter((old) => running.some((now) => now.pid === old.pid && now.command === old.command));
}
