/**
 * What a browser downloads before a page works: the first-load JavaScript of every page route,
 * read from the production build's own per-route chunk list (.next/diagnostics/route-bundle-stats.json,
 * written by `next build`) and gzipped here at level 6, chunk by chunk, as a server would send them.
 * The baseline is the framework alone: Next's not-found page, which holds no code of ours.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Benchmark, BenchmarkRow } from "./benchmark";
import { PROJECT_DIR } from "./app-under-test";
import { ensureProductionBuild } from "./server-processes";

const GOAL_KB = 130;
const FRAMEWORK_ROUTE = "/_not-found";
/** Staff and development pages are not the customer portal; they are listed without a goal. */
const isPortalPage = (route: string) => !/^\/(admin|dev)(\/|$)/.test(route) && route !== FRAMEWORK_ROUTE;

interface RouteBundle {
  route: string;
  firstLoadChunkPaths: string[];
}

export const portalBundleBenchmark: Benchmark = {
  name: "portal-bundle",
  description:
    `First-load JavaScript per page route from the production build, gzip level 6. Goal: ≤ ${GOAL_KB} kB for every portal page ` +
    "(staff and development pages are listed without a goal). The baseline row is the framework alone (Next's not-found page: " +
    "React, the App Router runtime, no application code); the ratio is the page over it, and the app's own share is the difference. " +
    "Rebuild (`npx next build`) after changing the app: this reads the build that is there.",

  async run() {
    await ensureProductionBuild(PROJECT_DIR);
    const statsFile = path.join(PROJECT_DIR, ".next", "diagnostics", "route-bundle-stats.json");
    const routes = JSON.parse(await readFile(statsFile, "utf8").catch(() => {
      throw new Error(`${statsFile} is missing: this Next.js version does not write per-route bundle stats; rebuild with \`npx next build\`.`);
    })) as RouteBundle[];
    const gzippedBytes = new Map<string, number>();
    const routeKb = async ({ firstLoadChunkPaths }: RouteBundle) => {
      let bytes = 0;
      for (const chunk of firstLoadChunkPaths) {
        if (!gzippedBytes.has(chunk)) gzippedBytes.set(chunk, gzipSync(await readFile(path.join(PROJECT_DIR, chunk)), { level: 6 }).length);
        bytes += gzippedBytes.get(chunk)!;
      }
      return bytes / 1024;
    };
    const framework = routes.find((route) => route.route === FRAMEWORK_ROUTE);
    if (!framework) throw new Error(`the build lists no ${FRAMEWORK_ROUTE} route to take the framework's size from`);
    const frameworkKb = await routeKb(framework);
    const rows: BenchmarkRow[] = [{ case: `framework only (${FRAMEWORK_ROUTE}), baseline`, opsPerSecond: 0, measure: `${frameworkKb.toFixed(1)} kB gzip`, ratio: 1 }];
    const pages = routes.filter((route) => route.route !== FRAMEWORK_ROUTE).sort((a, b) => a.route.localeCompare(b.route));
    for (const page of pages) {
      const kb = await routeKb(page);
      const verdict = isPortalPage(page.route) ? `; goal ≤ ${GOAL_KB} kB: ${kb <= GOAL_KB ? "met" : "NOT MET"}` : "; staff/dev page, no goal";
      rows.push({ case: `${page.route} (app's own ${(kb - frameworkKb).toFixed(1)} kB${verdict})`, opsPerSecond: 0, measure: `${kb.toFixed(1)} kB gzip`, ratio: kb / frameworkKb });
    }
    return rows;
  },
};
