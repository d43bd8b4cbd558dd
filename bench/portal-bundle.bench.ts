/**
 * What a browser downloads before a page works: the first-load JavaScript of every page route,
 * read from the production build's own per-route chunk list (.next/diagnostics/route-bundle-stats.json,
 * written by `next build`) and gzipped here at level 6, chunk by chunk, as a server would send them.
 * The baseline is Next's not-found page: the framework plus the two root files every page of ours
 * loads as well (app/not-found.tsx, which imports Link from components/ui/link, and app/global-error.tsx).
 *
 * Why no page meets the goal (Next 16.4.5, Turbopack, measured with productionBrowserSourceMaps):
 * the chunks every App Router page loads before any code of ours come to 132.0 kB gzip, already
 * over 130 kB: React DOM's client with the scheduler and Next's client entry (71.7 kB, of which
 * React DOM 62 kB); the App Router runtime: router, reducers, segment cache and the RSC Flight
 * client (47.8 kB); Next's layout-router and boundary components (3.4 kB); navigation hooks, error
 * boundaries and the `process` shim (4.8 kB); Turbopack's chunk loader (4.3 kB). None of it is
 * configurable; `next build --webpack` packs the same code into 130.0 kB before any page chunk,
 * not enough to change the verdict. The client chunks hold no third-party library besides React,
 * Next and @swc/helpers: the app's own share is its forms and dialogs (at most 7 kB on a page).
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
    "(staff and development pages are listed without a goal). The baseline row is Next's not-found page: React DOM, the App Router " +
    "and Turbopack runtimes, plus the two root files every page loads too (app/not-found.tsx with its Link, app/global-error.tsx); " +
    "the ratio is the page over it, and the app's own share is the difference. " +
    "Rebuild (`npx next build`) after changing the app: this reads the build that is there.",

  async run() {
    await ensureProductionBuild(PROJECT_DIR);
    const statsFile = path.join(PROJECT_DIR, ".next", "diagnostics", "route-bundle-stats.json");
    const routes = JSON.parse(
      await readFile(statsFile, "utf8").catch(() => {
        throw new Error(
          `${statsFile} is missing: this Next.js version does not write per-route bundle stats; rebuild with \`npx next build\`.`,
        );
      }),
    ) as RouteBundle[];
    const gzippedBytes = new Map<string, number>();
    const routeKb = async ({ firstLoadChunkPaths }: RouteBundle) => {
      let bytes = 0;
      for (const chunk of firstLoadChunkPaths) {
        if (!gzippedBytes.has(chunk))
          gzippedBytes.set(chunk, gzipSync(await readFile(path.join(PROJECT_DIR, chunk)), { level: 6 }).length);
        bytes += gzippedBytes.get(chunk)!;
      }
      return bytes / 1024;
    };
    const framework = routes.find((route) => route.route === FRAMEWORK_ROUTE);
    if (!framework) throw new Error(`the build lists no ${FRAMEWORK_ROUTE} route to take the framework's size from`);
    const frameworkKb = await routeKb(framework);
    const rows: BenchmarkRow[] = [
      {
        case: `framework + root not-found and global-error (${FRAMEWORK_ROUTE}), baseline`,
        opsPerSecond: 0,
        measure: `${frameworkKb.toFixed(1)} kB gzip`,
        ratio: 1,
      },
    ];
    const pages = routes
      .filter((route) => route.route !== FRAMEWORK_ROUTE)
      .sort((a, b) => a.route.localeCompare(b.route));
    for (const page of pages) {
      const kb = await routeKb(page);
      const isPortal = isPortalPage(page.route);
      rows.push({
        case: `${page.route} (app's own ${(kb - frameworkKb).toFixed(1)} kB${isPortal ? "" : "; staff/dev page, no goal"})`,
        opsPerSecond: 0,
        measure: `${kb.toFixed(1)} kB gzip`,
        ratio: kb / frameworkKb,
        ...(isPortal ? { limits: [{ goal: `≤ ${GOAL_KB} kB gzip`, isMet: kb <= GOAL_KB }] } : {}),
      });
    }
    return rows;
  },
};
