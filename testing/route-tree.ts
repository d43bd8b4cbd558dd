/**
 * Everything a client can reach, read from the `app/` file tree rather than listed by hand: pages,
 * route handlers and server actions. The isolation probe, the bad-input fuzzer and the e2e sweeps
 * iterate these lists, so a route added tomorrow is probed tomorrow, or the suite names it as one
 * it cannot drive.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const APP_DIR = path.join(process.cwd(), "app");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface AppRoute {
  /** Path of the source file relative to the project root, e.g. `app/(portal)/members/page.tsx`. */
  file: string;
  /** The URL pattern with route groups removed and dynamic segments kept: `/licenses/[licenseId]`. */
  pattern: string;
  /** Names of the dynamic segments in the pattern, in order: `["licenseId"]`. */
  params: string[];
}

export interface RouteHandler extends AppRoute {
  methods: HttpMethod[];
}

export interface ServerActionModule {
  file: string;
  /** Every export is a callable endpoint (STYLE.md), so every export is listed. */
  exports: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const sourceFiles = () => walk(APP_DIR).filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file));
const relative = (file: string) => path.relative(process.cwd(), file).split(path.sep).join("/");

function toRoute(file: string): AppRoute {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return {
    file: relative(file),
    pattern: `/${segments.join("/")}`,
    params: segments.flatMap((segment) => segment.match(/^\[+(?:\.\.\.)?([^\]]+)\]+$/)?.slice(1) ?? []),
  };
}

const byPattern = <T extends AppRoute>(routes: T[]) => routes.sort((a, b) => a.pattern.localeCompare(b.pattern));

export function listPages(): AppRoute[] {
  return byPattern(
    sourceFiles()
      .filter((file) => /[/\\]page\.tsx?$/.test(file))
      .map(toRoute),
  );
}

function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?(?:const|let|function)\s+([A-Za-z_$][\w$]*)/g))
    names.add(match[1]!);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1);
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

export function listRouteHandlers(): RouteHandler[] {
  return byPattern(
    sourceFiles()
      .filter((file) => /[/\\]route\.ts$/.test(file))
      .map((file) => ({
        ...toRoute(file),
        methods: exportedNames(readFileSync(file, "utf8")).filter((name): name is HttpMethod =>
          (HTTP_METHODS as readonly string[]).includes(name),
        ),
      })),
  );
}

const USE_SERVER = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use server["'];?/;

export function listServerActionModules(): ServerActionModule[] {
  return sourceFiles()
    .filter((file) => USE_SERVER.test(readFileSync(file, "utf8")))
    .map((file) => ({ file: relative(file), exports: exportedNames(readFileSync(file, "utf8")) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Server actions declared inline (a `'use server'` directive inside a component) cannot be listed
 * by module, so they cannot be probed: the suites refuse them and name the file.
 */
export function listInlineServerActions(): string[] {
  return sourceFiles()
    .filter((file) => {
      const source = readFileSync(file, "utf8");
      return !USE_SERVER.test(source) && /^\s+["']use server["']/m.test(source);
    })
    .map(relative);
}
