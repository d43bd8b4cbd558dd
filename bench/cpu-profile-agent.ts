/**
 * Preloaded into a benchmark's app server (`--import`, server-processes.ts) so that a benchmark can
 * profile one round and not the server's start-up: SIGUSR2 starts V8's CPU profiler and writes
 * `<BENCH_CPU_PROFILE_FILE>.started`; the next SIGUSR2 stops it and writes the profile to
 * BENCH_CPU_PROFILE_FILE, renamed into place so a reader never sees half a file (bench/cpu-profile.ts).
 */
import { renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

const profileFile = process.env.BENCH_CPU_PROFILE_FILE;
if (profileFile) {
  const session = new Session();
  session.connect();
  let isProfiling = false;
  process.on("SIGUSR2", async () => {
    if (!isProfiling) {
      isProfiling = true;
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      writeFileSync(`${profileFile}.started`, "");
      return;
    }
    isProfiling = false;
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(`${profileFile}.partial`, JSON.stringify(profile));
    renameSync(`${profileFile}.partial`, profileFile);
  });
}
