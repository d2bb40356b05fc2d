// CPU time per process from /proc (Linux), shared by `pnpm bench` and `src/profile.ts`.
import { readdirSync, readFileSync } from "node:fs";

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of every live process, by pid. */
export function cpuByPid(): Map<number, { ppid: number; comm: string; cpu: number }> {
  const out = new Map<number, { ppid: number; comm: string; cpu: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      out.set(Number(entry), {
        ppid: Number(fields[1]),
        comm,
        cpu: (Number(fields[11]) + Number(fields[12])) / TICKS,
      });
    } catch {
      // The process exited between readdir and read.
    }
  }
  return out;
}

/**
 * CPU seconds used so far by every workerd process this process started (all Workers of the run:
 * measured around one variant's load, the idle ones add next to nothing).
 */
export function workerdCpuSeconds(): number {
  const snapshot = cpuByPid();
  let total = 0;
  for (const pid of ourWorkerdPids(snapshot)) total += snapshot.get(pid)?.cpu ?? 0;
  return total;
}

/** The workerd processes this process started (directly or through a child). */
function ourWorkerdPids(snapshot = cpuByPid()): number[] {
  const ours = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of snapshot) {
      if (!ours.has(pid) && ours.has(info.ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return [...ours].filter((pid) => snapshot.get(pid)?.comm.startsWith("workerd"));
}

/**
 * CPU milliseconds used so far by the threads of this process's workerd processes, from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds: fine enough for one request, where /proc's
 * stat counts 10 ms ticks).
 */
export function workerdThreadCpuMs(): number {
  let ns = 0;
  for (const pid of ourWorkerdPids()) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      }
    } catch {
      // The process or thread exited between readdir and read.
    }
  }
  return ns / 1e6;
}
