// Throwaway PostgreSQL cluster for tests and benchmarks (node built-ins only).
//
//   import { startThrowawayCluster } from './pg-cluster.mjs';
//   const { url, stop, version } = await startThrowawayCluster();
//   ... // url = postgres://postgres@127.0.0.1:<port>/postgres
//   await stop();
//
// Run directly (`node scripts/pg-cluster.mjs`) to start a cluster, print its URL
// and keep it up until Ctrl-C.
//
// - Uses the newest /usr/lib/postgresql/<N>/bin (Debian layout).
// - Data lives in a mkdtemp dir under os.tmpdir(), removed by stop().
// - As root, the dir is chowned to `postgres` and initdb/pg_ctl run through
//   `runuser -u postgres --` (the server refuses to run as root).
// - Locale C.UTF-8 (when available) and timezone UTC, to match PGlite.
// - Clusters still running when this process gets SIGINT/SIGTERM/SIGHUP or exits
//   are stopped synchronously; only clusters started by this process are touched.

import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const PG_ROOT = "/usr/lib/postgresql";

/** Newest /usr/lib/postgresql/<version>/bin that has initdb + pg_ctl, or null. */
export function findPgBinDir() {
  let entries;
  try {
    entries = fs.readdirSync(PG_ROOT);
  } catch {
    return null;
  }
  const versions = entries
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const v of versions) {
    const bin = path.join(PG_ROOT, v, "bin");
    if (["initdb", "pg_ctl", "postgres"].every((f) => fs.existsSync(path.join(bin, f)))) return bin;
  }
  return null;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** [command, args] to run a postgres binary, via runuser when we are root. */
function asPgUser(binDir, tool, args) {
  const exe = path.join(binDir, tool);
  return isRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function hasCUtf8Locale() {
  const r = spawnSync("locale", ["-a"], { encoding: "utf8" });
  return r.status === 0 && /^c\.utf-?8$/im.test(r.stdout);
}

function readTail(file, max = 4000) {
  try {
    const s = fs.readFileSync(file, "utf8");
    return s.length > max ? s.slice(-max) : s;
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------------------
// Cleanup of clusters this process started.

/** @type {Set<{ stopSync: () => void }>} */
const live = new Set();
let handlersInstalled = false;

function stopAllSync() {
  for (const c of [...live]) c.stopSync();
}

function onSignal(sig) {
  stopAllSync();
  // If nobody else handles this signal, restore the default behaviour (die by it).
  process.removeListener(sig, onSignal);
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", stopAllSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, onSignal);
}

// ---------------------------------------------------------------------------

/**
 * Start a fresh cluster on a free localhost port.
 * @param {{ settings?: Record<string, string> }} [options] server settings added to the defaults
 *   (`-c name=value`), e.g. a benchmark's `shared_preload_libraries`
 * @returns {Promise<{ url: string, stop: () => Promise<void>, version: string, port: number, dir: string, binDir: string }>}
 */
export async function startThrowawayCluster({ settings = {} } = {}) {
  const binDir = findPgBinDir();
  if (!binDir) {
    throw new Error(`no PostgreSQL binaries under ${PG_ROOT}/*/bin (apt-get install -y postgresql)`);
  }
  const version = (() => {
    const r = spawnSync(path.join(binDir, "postgres"), ["--version"], { encoding: "utf8" });
    return /(\d+(?:\.\d+)*)/.exec(r.stdout ?? "")?.[1] ?? path.basename(path.dirname(binDir));
  })();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rekey-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  // cwd: the caller's cwd may not be readable by the postgres user.
  const spawnOpts = { cwd: dir };

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    live.delete(cluster);
    if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
      const [cmd, args] = asPgUser(binDir, "pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"]);
      const r = spawnSync(cmd, args, { ...spawnOpts, stdio: "ignore" });
      if (r.status !== 0) {
        // Last resort: the postmaster's pid is the first line of postmaster.pid.
        try {
          const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
          if (pid > 0) process.kill(pid, "SIGQUIT");
        } catch {}
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const cluster = { stopSync };
  live.add(cluster);
  installHandlers();

  const run = async (tool, args) => {
    const [cmd, argv] = asPgUser(binDir, tool, args);
    try {
      return await execFileAsync(cmd, argv, { ...spawnOpts, maxBuffer: 16 * 1024 * 1024 });
    } catch (err) {
      const out = `${err.stdout ?? ""}${err.stderr ?? ""}`.trim();
      throw new Error(`${tool} ${args[0] ?? ""} failed: ${out || err.message}`);
    }
  };

  try {
    if (isRoot()) {
      const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout);
      const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout);
      if (!uid) throw new Error("running as root but there is no `postgres` user (apt-get install -y postgresql)");
      fs.chownSync(dir, uid, gid);
    }

    const locale = hasCUtf8Locale() ? "--locale=C.UTF-8" : "--no-locale";
    await run("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", locale]);

    // The port can be taken between probing and binding: retry a few times.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const opts = [
        `-p ${port}`,
        `-k ${dir}`,
        "-c listen_addresses=127.0.0.1",
        "-c fsync=off",
        "-c max_connections=200",
        "-c timezone=UTC",
        ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
      ].join(" ");
      try {
        await run("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", logFile, "-o", opts]);
        break;
      } catch (err) {
        const log = readTail(logFile);
        if (attempt < 3 && /could not (bind|create listen)|address already in use/i.test(log)) continue;
        throw new Error(`${err.message}\n--- ${logFile} ---\n${log}`);
      }
    }

    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      port,
      version,
      dir,
      binDir,
      stop: async () => stopSync(),
    };
  } catch (err) {
    stopSync();
    throw err;
  }
}

// CLI: start a cluster and keep it running until interrupted.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const c = await startThrowawayCluster();
  console.log(`PostgreSQL ${c.version} running at ${c.url} (data in ${c.dir}); Ctrl-C to stop`);
  setInterval(() => {}, 1 << 30);
}
