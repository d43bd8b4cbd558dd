/**
 * CPU seconds spent by this process and by a throwaway PostgreSQL cluster (postmaster, its live
 * backends and the backends it has already reaped), read from /proc. On a shared, loaded machine
 * wall time mostly measures the neighbours; the CPU a piece of work costs does not, so the bulk
 * benchmarks report both. Linux only: elsewhere the cluster's share reads as 0.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100;

export interface CpuSeconds {
  node: number;
  postgres: number;
}

/** The CPU this process and the cluster in `clusterDir` have used so far. */
export function readCpuSeconds(clusterDir: string): CpuSeconds {
  const { user, system } = process.cpuUsage();
  return { node: (user + system) / 1e6, postgres: clusterCpuSeconds(clusterDir) };
}

export const cpuSince = (start: CpuSeconds, end: CpuSeconds): CpuSeconds => ({
  node: end.node - start.node,
  postgres: end.postgres - start.postgres,
});

/** User + system CPU of one process so far (its reaped children not included); 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  return readProcessCpu(String(pid))?.seconds ?? 0;
}

/**
 * One process's user + system CPU so far and when it started (clock ticks since boot: a pid with
 * another start time is another process), or null once it is gone.
 */
export function readProcessCpu(pid: string): { startedAt: number; seconds: number } | null {
  const stat = readStat(pid);
  // Fields after the command name: utime(14) stime(15) … starttime(22), 1-based in proc(5).
  return stat ? { startedAt: stat[19]!, seconds: (stat[11]! + stat[12]!) / TICKS_PER_SECOND } : null;
}

export function clusterCpuSeconds(clusterDir: string): number {
  try {
    const postmaster = Number(readFileSync(path.join(clusterDir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(entry);
      if (!stat) continue;
      const pid = Number(entry);
      // Fields after the command name: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
      if (pid === postmaster) ticks += stat[11]! + stat[12]! + stat[13]! + stat[14]!;
      else if (stat[1] === postmaster) ticks += stat[11]! + stat[12]!;
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The numeric fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function readStat(pid: string): number[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text
      .slice(text.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
  } catch {
    return null;
  }
}
