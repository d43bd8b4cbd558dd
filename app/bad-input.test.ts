/**
 * Bad input, property-based: every server action, JSON API body, query string and page search
 * parameter found in the `app/` tree gets inputs derived from a valid one with fields dropped,
 * retyped, or replaced by huge, unicode, null-byte and injection strings. The promise: never a 5xx
 * (a crash, or an action's generic "something went wrong"), and a refused input changes no row.
 * Random runs per entry point: REKEY_FUZZ_RUNS (15 in CI), plus fixed examples in every field.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callAction,
  callRoute,
  httpStatusOf,
  importAppModule,
  renderPage,
  signInAs,
  signInAsVerifiedStaff,
  useProbeWorld,
  type Outcome,
} from "@/testing/app-harness";
import { createChangeDetector } from "@/testing/database-fingerprint";
import { actionDriverFor, PARAM_IDS, ROUTE_DRIVERS, UNSCOPED_PAGES, type Fields } from "@/testing/probe-drivers";
import { writeReport } from "@/testing/reports";
import { listPages, listRouteHandlers, listServerActionModules } from "@/testing/route-tree";

const RUNS = Number(process.env.REKEY_FUZZ_RUNS ?? 15);
const SEED = Number(process.env.REKEY_FUZZ_SEED ?? 20261123);

/** Strings that have broken real systems: injection, markup, encodings, sizes, lookalike ids. */
const NASTY = [
  "",
  " ",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "[]",
  "{}",
  "'; drop table licenses; --",
  '" OR 1=1 --',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "../../../../etc/passwd",
  "\u0000",
  "nul\u0000byte",
  "\u202etxt.exe",
  "\ud800",
  "𝕽𝖊𝖐𝖊𝖞 🔑",
  "00000000-0000-0000-0000-000000000000",
  "a".repeat(100_000),
  "🔑".repeat(5_000),
  "RK-0000-0000-0000-0000-0000-0",
  "javascript:alert(1)",
  "//evil.example/",
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.integer().map(String),
  fc.double().map(String),
);
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
);

/** Always tried, in every field, whatever the random runs pick: the strings databases choke on. */
const EVERY_FIELD = [
  "nul\u0000byte",
  "\ud800",
  "a".repeat(100_000),
  "<script>alert(1)</script>",
  "'; drop table licenses; --",
];
const everyFieldExamples = (valid: Fields): Fields[] =>
  Object.keys(valid).flatMap((name) => EVERY_FIELD.map((value) => ({ ...valid, [name]: value })));

/** A valid input with at least one field dropped, retyped or replaced, and maybe an extra field. */
function mutated(valid: Fields, value: fc.Arbitrary<unknown>): fc.Arbitrary<Fields> {
  const names = Object.keys(valid);
  const change = fc.oneof(
    fc.constant<"keep">("keep"),
    fc.constant<"drop">("drop"),
    value.map((replacement) => ({ replacement })),
  );
  return fc
    .record({
      changes: fc.array(change, { minLength: names.length, maxLength: names.length }),
      extra: fc.option(fc.tuple(nastyString, value), { nil: undefined }),
    })
    .filter(({ changes, extra }) => names.length === 0 || extra !== undefined || changes.some((c) => c !== "keep"))
    .map(({ changes, extra }) => {
      const fields: Fields = {};
      names.forEach((name, index) => {
        const c = changes[index]!;
        if (c === "keep") fields[name] = valid[name];
        else if (c !== "drop") fields[name] = c.replacement;
      });
      if (extra) fields[extra[0]] = extra[1];
      return fields;
    });
}

/**
 * Tables a refused call may still write, with why: security logs that exist to record refusals.
 */
const LOGGED_ON_REFUSAL: Record<string, { tables: string[]; reason: string }> = {
  "POST /api/v1/devices/activate": {
    tables: ["public.device_activation_attempts"],
    reason: "refused activations are what anomaly detection counts (lib/devices/record-activation-attempt.ts)",
  },
  ...Object.fromEntries(
    [
      "verifySecondFactorAction",
      "confirmTotpEnrolmentAction",
      "regenerateRecoveryCodesAction",
      "disableTotpAction",
    ].map((action) => [
      `app/(auth)/signin/mfa/actions.ts#${action}`,
      {
        tables: ["public.rate_limits"],
        reason: "a wrong code is a guess, and guesses are counted (lib/mfa/second-factor-limits.ts)",
      },
    ]),
  ),
  "app/status/actions.ts#subscribeToStatusAction": {
    tables: ["public.rate_limits"],
    reason: "requests over a limit are still counted against the others (lib/status/status-subscription-limits.ts)",
  },
};

interface Tally {
  tried: number;
  refused: number;
  accepted: number;
}
const tallies: Record<string, Tally> = {};
const failures: string[] = [];
/** Staff actions' inputs refused by their schema (field errors), not by the role or second-factor check. */
let staffFieldErrors = 0;

const FUZZ_CASE_TIMEOUT_MS = 120_000;

describe("bad input never causes a 5xx and a refused input changes nothing", () => {
  const world = useProbeWorld();
  let changes: ReturnType<typeof createChangeDetector>;
  let adminId: string;
  const signInAsOwner = () => signInAs(world.tenants.a.ownerId, { orgId: world.tenants.a.orgId });
  beforeAll(async () => {
    adminId = await signInAsVerifiedStaff("admin");
    await signInAsOwner();
    changes = createChangeDetector(world.db);
  });

  const sumOf = (ids: string[]) =>
    ids
      .map((id) => tallies[id]!)
      .reduce(
        (sum, t) => ({
          tried: sum.tried + t.tried,
          refused: sum.refused + t.refused,
          accepted: sum.accepted + t.accepted,
        }),
        { tried: 0, refused: 0, accepted: 0 },
      );
  afterAll(() => {
    const staffIds = Object.keys(tallies).filter((id) => actionDriverFor(id)?.scope === "staff");
    const asVerifiedAdmin = {
      entryPoints: staffIds.length,
      ...sumOf(staffIds),
      refusedWithFieldErrors: staffFieldErrors,
    };
    writeReport("bad-input", {
      runsPerEntryPoint: RUNS,
      seed: SEED,
      total: sumOf(Object.keys(tallies)),
      asVerifiedAdmin,
      serverErrors: failures.length,
      failures,
      entryPoints: tallies,
    });
  });

  /** One fuzzed call: must answer below 500; when it refuses (4xx) no table may change. */
  async function check(id: string, call: () => Promise<Outcome>, describeInput: () => string): Promise<void> {
    const tally = (tallies[id] ??= { tried: 0, refused: 0, accepted: 0 });
    const before = await changes.before();
    const outcome = await call();
    const status = httpStatusOf(outcome);
    tally.tried++;
    if (status >= 500) failures.push(`${id}: ${describeInput().slice(0, 200)}`);
    expect(
      status,
      `${id} answered ${JSON.stringify(outcome).slice(0, 400)} to ${describeInput().slice(0, 300)}`,
    ).toBeLessThan(500);
    if (status >= 400) {
      tally.refused++;
      const allowed = LOGGED_ON_REFUSAL[id]?.tables ?? [];
      expect(
        (await changes.changedSince(before)).filter((table) => !allowed.includes(table)),
        `${id} refused ${describeInput().slice(0, 300)} but changed the database`,
      ).toEqual([]);
    } else tally.accepted++;
  }

  const fuzz = <T>(arbitrary: fc.Arbitrary<T>, run: (input: T) => Promise<void>, examples: T[] = []) =>
    fc.assert(fc.asyncProperty(arbitrary, run), {
      numRuns: RUNS + examples.length,
      seed: SEED,
      endOnFailure: true,
      examples: examples.map((example) => [example]),
    });

  const actions = listServerActionModules().flatMap((module) =>
    module.exports.map((name) => ({ file: module.file, name, id: `${module.file}#${name}` })),
  );
  // Each case is a fuzzing loop of RUNS calls (rendering emails, counting limits): a case's budget
  // is for the loop, not for one call, so it is wider than one test's default.
  it.each(actions.map((action) => [action.id, action] as const))(
    "server action %s",
    { timeout: FUZZ_CASE_TIMEOUT_MS },
    async (id, action) => {
      const driver = actionDriverFor(id);
      expect(driver, `no driver for server action ${id}: add one to testing/probe-drivers.ts`).toBeDefined();
      const handler = (await importAppModule(action.file))[action.name];
      if (driver!.scope !== "staff") {
        const valid = driver!.fields(world.tenants.a);
        await fuzz(
          mutated(valid, nastyString),
          (fields) =>
            check(
              id,
              () => callAction(handler, fields),
              () => JSON.stringify(fields),
            ),
          everyFieldExamples(valid),
        );
        return;
      }
      // As a verified admin, so the role and second-factor checks pass and the schema is what refuses.
      // On org B's objects: an accepted input may suspend or revoke, and org A serves the later probes.
      const valid = driver!.fields(world.tenants.b);
      await signInAs(adminId);
      try {
        const callAsAdmin = async (fields: Fields) => {
          const outcome = await callAction(handler, fields);
          expect(
            httpStatusOf(outcome),
            `${id} refused a verified admin: ${JSON.stringify(outcome).slice(0, 300)}`,
          ).not.toBe(403);
          if (outcome.kind === "result" && outcome.fieldErrors) staffFieldErrors++;
          return outcome;
        };
        await fuzz(
          mutated(valid, nastyString),
          (fields) =>
            check(
              id,
              () => callAsAdmin(fields),
              () => JSON.stringify(fields),
            ),
          everyFieldExamples(valid),
        );
      } finally {
        await signInAsOwner();
      }
    },
  );

  const routes = listRouteHandlers().flatMap((route) =>
    route.methods.map((method) => ({ ...route, method, id: `${method} ${route.pattern}` })),
  );
  it.each(routes.map((route) => [route.id, route] as const))(
    "route %s",
    { timeout: FUZZ_CASE_TIMEOUT_MS },
    async (id, route) => {
      const driver = ROUTE_DRIVERS[id];
      expect(driver, `no driver for route ${id}: add one to testing/probe-drivers.ts`).toBeDefined();
      // Auth.js's own endpoints are not ours to fuzz here: the harness replaces Auth.js.
      if (route.pattern.startsWith("/api/auth/")) return;
      const handler = (await importAppModule(route.file))[route.method];
      const valid = driver!.request?.(world.tenants.a, world.tenants.a) ?? {
        path: route.pattern.replace(
          /\[(?:\.\.\.)?(\w+)\]/g,
          (_, name: string) => PARAM_IDS[name]?.(world.tenants.a) ?? name,
        ),
      };
      const url = (query: Fields) => {
        const target = new URL(valid.path, "http://localhost:3000");
        for (const [name, value] of Object.entries(query))
          target.searchParams.set(name, typeof value === "string" ? value : JSON.stringify(value));
        return target;
      };
      if (route.method === "GET") {
        const query = fc.dictionary(
          fc.constantFrom("since", "category", "before", "limit", "cursor", "to", "token"),
          nastyString,
          { minKeys: 1, maxKeys: 3 },
        );
        await fuzz(query, (fields) =>
          check(
            id,
            () => callRoute(handler, new Request(url(fields), valid.init), valid.params),
            () => url(fields).search,
          ),
        );
        return;
      }
      const validBody = JSON.parse(String(valid.init?.body ?? "{}")) as Fields;
      // The driver's own headers (a management API token) go along; the content type is what varies.
      const driverHeaders = new Headers(valid.init?.headers);
      driverHeaders.delete("content-type");
      const headersFor = (contentType: string) => ({
        ...Object.fromEntries(driverHeaders),
        ...(contentType ? { "content-type": contentType } : {}),
      });
      const body = fc.oneof(
        {
          weight: 6,
          arbitrary: mutated(validBody, nastyJson).map((fields) => ({
            contentType: "application/json",
            text: JSON.stringify(fields),
          })),
        },
        { weight: 1, arbitrary: nastyString.map((text) => ({ contentType: "application/json", text })) },
        {
          weight: 1,
          arbitrary: nastyJson.map((value) => ({ contentType: "application/json", text: JSON.stringify(value) ?? "" })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom("text/plain", "application/x-www-form-urlencoded", "")
            .map((contentType) => ({ contentType, text: JSON.stringify(validBody) })),
        },
      );
      await fuzz(
        body,
        ({ contentType, text }) =>
          check(
            id,
            () =>
              callRoute(
                handler,
                new Request(url({}), { method: route.method, headers: headersFor(contentType), body: text }),
                valid.params,
              ),
            () => `${contentType} ${text}`,
          ),
        everyFieldExamples(validBody).map((fields) => ({
          contentType: "application/json",
          text: JSON.stringify(fields),
        })),
      );
    },
  );

  // A fuzzing loop too: the email templates page renders every template on each of its runs, and took
  // over 30 s under a loaded CI run's vitest beside the browser suite and the process checks.
  it.each(listPages().map((page) => [page.pattern, page] as const))(
    "page %s search params",
    { timeout: FUZZ_CASE_TIMEOUT_MS },
    async (pattern, page) => {
      if (UNSCOPED_PAGES[pattern]) return;
      const params = Object.fromEntries(page.params.map((name) => [name, PARAM_IDS[name]?.(world.tenants.a) ?? name]));
      const search = fc.dictionary(
        fc.constantFrom("category", "before", "to", "token", "callbackUrl", "error", "email", "page", "rotation", "at"),
        nastyString,
        { minKeys: 1, maxKeys: 3 },
      );
      // A well-formed email link (rotation pages) for the license's own rotation and for none at all.
      const rotationLinks = [world.tenants.a.rotationId, "00000000-0000-4000-8000-000000000000"].map((rotation) => ({
        rotation,
        at: "2026-11-23T12:00:00.000Z",
      }));
      await fuzz(
        search,
        (searchParams) =>
          check(
            `page ${pattern}`,
            async () => (await renderPage(page, params, searchParams)).outcome,
            () => JSON.stringify(searchParams),
          ),
        rotationLinks,
      );
    },
  );
});
