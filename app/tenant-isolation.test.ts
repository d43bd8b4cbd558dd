/**
 * Tenant isolation probe: every page, route handler and server action found in the `app/` tree is
 * called by org B's owner with org A's ids. Each must answer 404/403 and change nothing; the
 * database is fingerprinted around every call. Entry points are discovered, not listed, so a new
 * one without a driver in testing/probe-drivers.ts fails here by name.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  callAction,
  callRoute,
  httpStatusOf,
  importAppModule,
  renderPage,
  signInAs,
  useProbeWorld,
} from "@/testing/app-harness";
import { changedTables, databaseFingerprint } from "@/testing/database-fingerprint";
import { actionDriverFor, PARAM_IDS, ROUTE_DRIVERS, UNSCOPED_PAGES } from "@/testing/probe-drivers";
import { writeReport } from "@/testing/reports";
import { listInlineServerActions, listPages, listRouteHandlers, listServerActionModules } from "@/testing/route-tree";
import type { Tenant } from "@/testing/tenants";

const pages = listPages();
const routes = listRouteHandlers().flatMap((route) =>
  route.methods.map((method) => ({ ...route, method, id: `${method} ${route.pattern}` })),
);
const actions = listServerActionModules().flatMap((module) =>
  module.exports.map((name) => ({ file: module.file, name, id: `${module.file}#${name}` })),
);

const DENIED = [403, 404];
const figures = { pages: 0, routes: 0, actions: 0, denied: 0, unscoped: 0, leaks: [] as string[] };

const isPlain = (value: object) =>
  Array.isArray(value) || [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Strings reachable from a rendered element tree (props and children), for spotting leaked data.
 * Class instances (a db handle in a ctx prop) are not data shown to anyone, so they are skipped.
 */
function collectStrings(node: unknown, into: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof node === "string") into.push(node);
  else if (node && typeof node === "object" && isPlain(node) && !seen.has(node)) {
    seen.add(node);
    for (const value of Array.isArray(node) ? node : Object.values(node)) collectStrings(value, into, seen);
  }
  return into;
}

const secretsOf = (a: Tenant) => [
  a.orgId,
  a.licenseId,
  a.keyId,
  a.key,
  a.deviceId,
  a.channelId,
  a.memberUserId,
  a.rotationId,
];

describe("tenant isolation: org B's owner with org A's ids", () => {
  const world = useProbeWorld();
  // Signed in before the fingerprint is taken: the session row is the caller's, not the probe's effect.
  const asOrgB = () => signInAs(world.tenants.b.ownerId, { orgId: world.tenants.b.orgId });

  async function expectNothingChanged<T>(label: string, call: () => Promise<T>): Promise<T> {
    const before = await databaseFingerprint(world.db);
    const result = await call();
    expect(changedTables(before, await databaseFingerprint(world.db)), `${label} changed the database`).toEqual([]);
    return result;
  }

  afterAll(() => writeReport("tenant-isolation", figures));

  it("finds no inline server actions, which could not be probed", () => {
    expect(listInlineServerActions(), "move these 'use server' functions into an actions.ts module").toEqual([]);
  });

  // The file's first action call pays one-time costs of the process (92 s in CI with the browser
  // suite running beside vitest, 5 s on a quiet machine): load, not logic, so a wider budget.
  it.each(actions.map((action) => [action.id, action] as const))(
    "server action %s",
    { timeout: 180_000 },
    async (id, action) => {
      const driver = actionDriverFor(id);
      expect(driver, `no probe driver for server action ${id}: add one to testing/probe-drivers.ts`).toBeDefined();
      figures.actions++;
      const module = await importAppModule(action.file);
      await asOrgB();
      if (driver!.scope === "none") {
        // Acts on the caller's own organisation or session: it may write there, and must not fail.
        figures.unscoped++;
        const outcome = await callAction(module[action.name], driver!.fields(world.tenants.b));
        expect(httpStatusOf(outcome), `${id} failed outright: ${JSON.stringify(outcome)}`).toBeLessThan(500);
        return;
      }
      const outcome = await expectNothingChanged(id, () =>
        callAction(module[action.name], driver!.fields(world.tenants.a)),
      );
      expect(DENIED, `${id} answered ${JSON.stringify(outcome)}`).toContain(httpStatusOf(outcome));
      figures.denied++;
    },
  );

  it.each(routes.map((route) => [route.id, route] as const))("route %s", async (id, route) => {
    const driver = ROUTE_DRIVERS[id];
    expect(
      driver,
      `no probe driver for route ${id} (${route.file}): add one to testing/probe-drivers.ts`,
    ).toBeDefined();
    figures.routes++;
    if (driver!.scope === "none") {
      figures.unscoped++;
      return;
    }
    const { path: target, init, params } = driver!.request(world.tenants.a, world.tenants.b);
    const handler = (await importAppModule(route.file))[route.method];
    await asOrgB();
    // A management route gets org B's session and no token: the session must count for nothing.
    const headers = new Headers(init?.headers);
    if (driver!.scope === "token") headers.delete("authorization");
    const outcome = await expectNothingChanged(id, () =>
      callRoute(
        handler,
        new Request(new URL(target, "http://localhost:3000"), { method: route.method, ...init, headers }),
        params,
      ),
    );
    if (driver!.scope === "token") {
      expect(httpStatusOf(outcome), `${id} answered ${JSON.stringify(outcome).slice(0, 300)}`).toBe(401);
    } else if (driver!.scope === "org" && route.params.length === 0) {
      // No id in the path: the answer is the caller's own data, and must hold none of org A's.
      expect(httpStatusOf(outcome)).toBe(200);
      const body = outcome.kind === "response" ? outcome.body : "";
      for (const secret of secretsOf(world.tenants.a))
        expect(body, `${id} leaked org A's ${secret}`).not.toContain(secret);
    } else if (driver!.scope === "key") {
      // A key-scoped refusal is the API's own 4xx (e.g. 409 NOT_ACTIVATED: not on your license).
      expect(httpStatusOf(outcome), `${id} answered ${JSON.stringify(outcome).slice(0, 300)}`).toBeGreaterThanOrEqual(
        400,
      );
      expect(httpStatusOf(outcome)).toBeLessThan(500);
    } else {
      expect(DENIED, `${id} answered ${JSON.stringify(outcome).slice(0, 300)}`).toContain(httpStatusOf(outcome));
    }
    figures.denied++;
  });

  it.each(pages.map((page) => [page.pattern, page] as const))("page %s", async (pattern, page) => {
    figures.pages++;
    if (UNSCOPED_PAGES[pattern]) {
      figures.unscoped++;
      return;
    }
    const params: Record<string, string> = {};
    for (const name of page.params) {
      const idOf = PARAM_IDS[name];
      expect(
        idOf,
        `page ${pattern} has a dynamic segment [${name}] the probe cannot fill: add it to PARAM_IDS in testing/probe-drivers.ts`,
      ).toBeDefined();
      params[name] = idOf!(world.tenants.a);
    }
    await asOrgB();
    const { outcome, tree } = await expectNothingChanged(pattern, () => renderPage(page, params));
    if (page.params.length > 0 || pattern.startsWith("/admin")) {
      expect(DENIED, `${pattern} as org B answered ${JSON.stringify(outcome).slice(0, 300)}`).toContain(
        httpStatusOf(outcome),
      );
      figures.denied++;
      return;
    }
    expect(httpStatusOf(outcome), `${pattern} failed: ${JSON.stringify(outcome).slice(0, 300)}`).toBeLessThan(500);
    const rendered = collectStrings(tree).join("\n");
    for (const secret of secretsOf(world.tenants.a)) {
      if (rendered.includes(secret)) figures.leaks.push(`${pattern}: ${secret}`);
      expect(rendered, `${pattern} rendered org A's ${secret} to org B`).not.toContain(secret);
    }
  });
});
