/**
 * `npm run reliability:report`: rewrites docs/RELIABILITY.md from the JSON figures the reliability
 * suites leave in reports/ (vitest suites via testing/reports.ts, Playwright specs, `npm run
 * simulate`). Nothing in that document is typed by hand; a suite that has not run says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPORTS_DIR } from "@/testing/reports";

type Figures = Record<string, unknown> & { suite: string; database: string; recordedAt: string };

const reports: Figures[] = existsSync(REPORTS_DIR)
  ? readdirSync(REPORTS_DIR)
      .filter((file) => file.endsWith(".json"))
      .sort()
      .map((file) => JSON.parse(readFileSync(path.join(REPORTS_DIR, file), "utf8")) as Figures)
  : [];

const of = (suite: string) => reports.filter((report) => report.suite === suite);
const n = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : String(value ?? "–"));
const notRun = (command: string) => `_Not run yet: \`${command}\`._\n`;
const table = (head: string[], rows: unknown[][]) =>
  `${[`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(n).join(" | ")} |`)].join("\n")}\n`;
const stamp = (report: Figures) => `${report.database}, ${report.recordedAt.slice(0, 16).replace("T", " ")} UTC`;

function isolation(): string {
  const runs = of("tenant-isolation");
  if (runs.length === 0) return notRun("npx vitest run app/tenant-isolation.test.ts");
  return (
    "Every page, route handler and server action found in `app/` (testing/route-tree.ts) is called by org B's owner " +
    "with org A's ids; the database is fingerprinted around each call (app/tenant-isolation.test.ts).\n\n" +
    table(
      [
        "Run",
        "Pages",
        "Routes (method × path)",
        "Server actions",
        "Refused 404/403",
        "Not tenant-scoped (reason recorded)",
        "Leaks",
      ],
      runs.map((r) => [stamp(r), r.pages, r.routes, r.actions, r.denied, r.unscoped, (r.leaks as unknown[]).length]),
    )
  );
}

function badInput(): string {
  const runs = of("bad-input");
  if (runs.length === 0) return notRun("npx vitest run app/bad-input.test.ts");
  const rows = runs.map((r) => {
    const total = r.total as { tried: number; refused: number; accepted: number };
    const staff = r.asVerifiedAdmin as
      | { entryPoints: number; tried: number; refusedWithFieldErrors: number }
      | undefined;
    return [
      stamp(r),
      Object.keys(r.entryPoints as object).length,
      total.tried,
      total.refused,
      total.accepted,
      r.serverErrors,
      staff
        ? `${n(staff.entryPoints)} actions, ${n(staff.tried)} inputs, ${n(staff.refusedWithFieldErrors)} refused by their schema`
        : "–",
    ];
  });
  return (
    "fast-check derives inputs from a valid one per entry point (fields dropped, retyped, or replaced by huge, unicode, " +
    "NUL-byte, markup and SQL-injection strings) for every server action, JSON API body, query string and page search " +
    "parameter (app/bad-input.test.ts). A refused input must leave every table unchanged. Staff actions (app/admin/) are " +
    "fuzzed as a signed-in admin whose second factor is verified, so their schemas, not the role check, do the refusing.\n\n" +
    table(
      [
        "Run",
        "Entry points",
        "Inputs tried",
        "Refused (4xx, nothing changed)",
        "Accepted as valid",
        "5xx",
        "Of which as a verified admin",
      ],
      rows,
    )
  );
}

function fleet(): string {
  const runs = [...of("fleet-simulation"), ...of("fleet-simulation-ci")];
  if (runs.length === 0) return notRun("npm run simulate");
  const rows = runs.map((r) => {
    const mix = r.mix as Record<string, number>;
    const manual = r.manualSteps as Record<string, number>;
    const rotations = r.rotations as Record<string, number>;
    return [
      `${r.suite === "fleet-simulation" ? "full" : "CI"} (${stamp(r)})`,
      r.installs,
      `${n(mix.online)} online / ${n(mix["online-stale-jwks"])} stale JWKS / ${n(mix.offline)} offline; ${n(r.clockSkewedInstalls)} skewed`,
      r.days,
      r.validations,
      `${n(rotations.scheduledSteps)} scheduled steps, ${n(rotations.customer ?? 0)} customer, ${n(rotations.reissue ?? 0)} reissue, ${n(rotations.emergency ?? 0)} emergency, ${n(r.signingKeyRollovers)} signing-key rollover`,
      r.unintendedFailures,
      r.intendedFailures,
      r.maxManualStepWaitHours,
      r.minNoticeHours,
      `${n(manual.keyUpdates)} key updates, ${n(manual.licenseFileRefreshes)} file refreshes`,
      r.wallClockSeconds === undefined ? "–" : `${Math.round(Number(r.wallClockSeconds) / 60)} min`,
    ];
  });
  return (
    "Simulated installs run the real SDK against the real use cases on one database under a simulated clock " +
    "(scripts/fleet-simulation.ts). Customers follow every notice within 48 h. " +
    "Unintended failures are every failed check not caused by an emergency revoke (goal 0). The full run's wall clock is " +
    "mostly one Ed25519 signature and one or two verifications per check on a single Node thread, plus PostgreSQL round trips, " +
    "on a machine shared with other work (`--concurrency` overlaps the round trips, not the signing).\n\n" +
    table(
      [
        "Run",
        "Installs",
        "Mix",
        "Days",
        "Checks",
        "Events",
        "Unintended failures",
        "Intended (emergency)",
        "Max wait for a manual step (h)",
        "Shortest notice (h)",
        "Manual steps",
        "Wall clock",
      ],
      rows,
    ) +
    (of("fleet-simulation").length === 0 ? `\n${notRun("npm run simulate")}` : "")
  );
}

interface LoadRun {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  errorRate: number;
}

function fullLoad(): string {
  const intro =
    "Full size on PostgreSQL (bench/sustained-load.bench.ts, `npm run bench -- sustained-load`): the validate endpoint held at 50 concurrent connections for 60 s, then the portal's main pages with 20 signed-in users each, on the production build. The load generator, app and database share one small machine, so absolute figures understate a deployment.";
  const runs = of("load-full");
  if (runs.length === 0) return `${intro}\n\n${notRun("npm run bench -- sustained-load")}`;
  const rows = runs.flatMap((r) => {
    const pages = r.pages as Record<string, LoadRun>;
    return [
      ["validate endpoint", r.validate as LoadRun],
      ...Object.entries(pages).map(([path, page]) => [`portal ${path}`, page] as const),
    ].map(([target, load]) => {
      const figures = load as LoadRun;
      const machine = r.cpus ? `${r.cpus} CPUs, load ${n(r.loadAverageAtStart)}` : "–";
      return [
        stamp(r),
        machine,
        target,
        figures.connections,
        figures.seconds,
        figures.requests,
        figures.requestsPerSecond,
        figures.p50Ms,
        figures.p99Ms,
        `${(figures.errorRate * 100).toFixed(2)} % (${n(figures.failed)})`,
      ];
    });
  });
  return `${intro}\n\n${table(["Run", "Machine at start", "Target", "Connections", "Seconds", "Answers", "2xx per second", "p50 (ms)", "p99 (ms)", "Error rate"], rows)}`;
}

function generic(suite: string, command: string, intro: string): string {
  const runs = of(suite);
  if (runs.length === 0) return `${intro}\n\n${notRun(command)}`;
  return `${intro}\n\n${runs
    .map(
      (r) =>
        `- ${stamp(r)}: ${Object.entries(r)
          .filter(([key]) => !["suite", "database", "recordedAt"].includes(key))
          .map(([key, value]) => `${key} = ${typeof value === "object" ? JSON.stringify(value) : n(value)}`)
          .join("; ")}`,
    )
    .join("\n")}\n`;
}

/**
 * `npm audit --omit=dev`, run now: the registry's verdict, or why there is none. A registry without
 * the advisories endpoint (mirrors and proxies often answer 405 or 404 to its POST) gives no verdict
 * at all, which the document must not pass off as "clean"; nothing in `npm test` depends on it.
 */
interface AuditAnswer {
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
  statusCode?: number;
  message?: string;
}

function parseAuditAnswer(output: string): AuditAnswer | null {
  try {
    return JSON.parse(output) as AuditAnswer | null;
  } catch {
    // Not one JSON document: the audit failed, and the output says why.
    return null;
  }
}

function dependencyAudit(): string {
  const audit = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
  const day = new Date().toISOString().slice(0, 10);
  const answer = parseAuditAnswer(audit.stdout ?? "");
  const vulnerabilities = answer?.metadata?.vulnerabilities;
  if (vulnerabilities) {
    const found = Object.entries(vulnerabilities).filter(([, count]) => count > 0);
    const verdict =
      found.length === 0 ? "no known vulnerabilities" : found.map(([level, count]) => `${count} ${level}`).join(", ");
    return `\`npm audit --omit=dev\` on ${day}: ${verdict} in ${n(answer?.metadata?.dependencies?.prod)} production dependencies.\n`;
  }
  const reason =
    answer?.message ??
    /"(?:message|summary)": "([^"]+)"/.exec(audit.stdout ?? "")?.[1] ??
    (audit.error ? String(audit.error.message) : `npm exited with ${audit.status}`);
  const isEndpointMissing = answer?.statusCode === 405 || answer?.statusCode === 404;
  return (
    `**Not checked** on ${day}: \`npm audit --omit=dev\` got no verdict (${reason}).` +
    (isEndpointMissing
      ? " The registry this machine reaches serves packages but not npm's security-advisories endpoint, so there is nothing to report either way: this is not a clean result."
      : "") +
    " The audit is not part of `npm test` (a registry outage must not fail the suite); run `npm audit --omit=dev` where registry.npmjs.org answers it, then regenerate this document.\n"
  );
}

const document = `# Reliability and security figures

Generated by \`npm run reliability:report\` (scripts/reliability-report.ts) from the JSON the suites
write to \`reports/\`; do not edit by hand. Run \`npm test\` (reduced sizes), \`npm run simulate\` and
\`npm run bench\` (full sizes), then regenerate.

## Tenant isolation

${isolation()}
## Bad input

${badInput()}
## Zero-disruption fleet simulation

${fleet()}
## Fault injection

${generic("fault-injection", "npx vitest run lib/jobs/fault-injection.test.ts", "Worker crash before every step's commit, for every rotation kind, then resumed by the next pass (lib/jobs/fault-injection.test.ts).")}
## Graceful degradation

${generic("degradation", "npm run test:degradation", "The production build on PostgreSQL behind a TCP proxy that is cut and restored (scripts/degradation-check.ts, in `npm test`): with the database unreachable, a signed-in portal page and the status page go to the outage page (503, Retry-After, reloads itself, no stack trace), the client API answers 503 problem+json, the JWKS is served from memory past its cache lifetime; once the database is back, the same process serves the portal again. Cached leases and license files in SDK clients are covered by the fleet simulation and packages/sdk tests.")}
## Probe findings and their fixes

${readFileSync(path.join(process.cwd(), "docs", "probe-findings.md"), "utf8")}
## Security checks (production build)

${generic("security-e2e", "npx playwright test e2e/security.spec.ts", "Headers on every API route, rate limits, sign-in redirects, secrets in server logs (e2e/security.spec.ts); headers and cookie flags on every page in the page sweep (below, under Accessibility).")}
## Load

${fullLoad()}
${generic("load-e2e", "npx playwright test e2e/load.spec.ts", "CI size on the e2e production build (PostgreSQL): the validate endpoint at 50 connections and the portal's main pages at 20 signed-in users, a fixed number of requests each (e2e/load.spec.ts).")}
## Dependency audit

${dependencyAudit()}
## Accessibility

${generic("page-sweep-e2e", "npx playwright test e2e/page-sweep.spec.ts", "Every page of the portal and the admin view on a desktop and a 390 px phone: axe-core (serious and critical violations must be 0), console errors, sideways scrolling, security headers, cookie flags and a forged Host on one visit (e2e/page-sweep.spec.ts). Each worker records the pages it swept.")}
${generic("accessibility-e2e", "npx playwright test e2e/accessibility.spec.ts", "A key rotation with the keyboard only (e2e/accessibility.spec.ts).")}
`;

const target = path.join(process.cwd(), "docs", "RELIABILITY.md");
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, document);
console.log(`Wrote ${path.relative(process.cwd(), target)} from ${reports.length} report(s).`);
