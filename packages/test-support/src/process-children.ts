/** The processes this one started that are still alive, read from /proc (Linux). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ChildProcessInfo {
  pid: number;
  command: string;
}

/** Every live descendant of `rootPid` (zombies excluded). */
export function liveDescendants(rootPid = process.pid): ChildProcessInfo[] {
  const parents = new Map<number, { ppid: number; command: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses
      const close = stat.lastIndexOf(')');
      const command = stat.slice(stat.indexOf('(') + 1, close);
      const [state, ppid] = stat.slice(close + 2).split(' ');
      if (state === 'Z') continue;
      parents.set(Number(entry), { ppid: Number(ppid), command });
    } catch {
      // gone meanwhile
    }
  }
  const found: ChildProcessInfo[] = [];
  const visit = (pid: number) => {
    for (const [child, info] of parents) {
      if (info.ppid !== pid) continue;
      found.push({ pid: child, command: info.command });
      visit(child);
    }
  };
  visit(rootPid);
  return found;
}

/**
 * The pid of the ffmpeg transcoding `channelId` among the descendants of `rootPid`, if one is
 * running: it runs inside a folder below the channel's own (see channel-hls.ts).
 */
export function ffmpegPidFor(channelId: string, rootPid = process.pid): number | undefined {
  return ffmpegProcessesFor(channelId, liveDescendants(rootPid))[0];
}

/** Of `candidates`, the ffmpeg processes working in `channelId`'s folder. */
export function ffmpegProcessesFor(channelId: string, candidates: ChildProcessInfo[]): number[] {
  const found: number[] = [];
  for (const child of candidates) {
    if (child.command !== 'ffmpeg') continue;
    try {
      if (readlinkSync(`/proc/${child.pid}/cwd`).split('/').includes(channelId)) found.push(child.pid);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Whether the process `pid` is alive (not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}
