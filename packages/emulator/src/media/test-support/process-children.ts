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

/** The pid of the ffmpeg transcoding `channelId` (it runs inside the channel's own folder), if one is running. */
export function ffmpegPidFor(channelId: string): number | undefined {
  for (const child of liveDescendants()) {
    if (child.command !== 'ffmpeg') continue;
    try {
      if (readlinkSync(`/proc/${child.pid}/cwd`).endsWith(channelId)) return child.pid;
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}
