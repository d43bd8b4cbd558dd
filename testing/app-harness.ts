/**
 * Runs the real `app/` entry points (server actions, route handlers, pages) in-process against a
 * test database, as a chosen user: only the framework's request context and the process-wide
 * config are replaced. Session checks (`lib/auth/session.ts`) run for real on top of `auth()`.
 *
 * A test file that imports it runs in an `…-app` project of vitest.config.ts, whose setup file
 * (testing/app-harness-setup.ts) replaces Auth.js, `next/headers`, `next/cache` and the process
 * config with this harness; the file itself mocks nothing (one that must, gets a module graph of its
 * own: scripts/test-file-kinds.mjs).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { sessions } from "@/lib/db/schema";
import type { Db } from "@/lib/db";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { SigningService } from "@/lib/signing";
import type { AppServices } from "@/lib/wiring";
import type { FormAction } from "@/lib/auth/action";
import type { StaffRole } from "@/lib/auth/staff-roles";
import type { PersonCtx } from "@/lib/context";
import { createHealthMetrics, type HealthMetrics } from "@/lib/health";
import {
  confirmTotpEnrolment,
  createSecondFactorLimiter,
  startTotpEnrolment,
  type SecondFactorSecrets,
} from "@/lib/mfa";
import { createStatusSubscriptionLimiter } from "@/lib/status";
import { createRevocationFeedHead } from "@/lib/licensing/revocation-feed-head";
import { createDiskArtifactStore } from "@/lib/releases";
import { createRevocationFanOut } from "@/lib/licensing/revocation-fan-out";
import { totpCodeAt } from "@/lib/mfa/totp";
import { createOutgoingHttp } from "@/lib/net";
import { makeSigner, makeUser, testSecrets } from "./factories";
import { PROBE_METRICS_TOKEN } from "./probe-drivers";
import { type AppRoute, listPages, listRouteHandlers, listServerActionModules } from "./route-tree";
import { makeTwoTenants, type Tenant } from "./tenants";

interface HarnessState {
  db?: Db;
  secrets?: KeySecrets;
  signer?: SigningService;
  metrics?: HealthMetrics;
  /** The signed-in user, or null for a visitor. */
  userId: string | null;
  cookies: Map<string, string>;
  headers: Headers;
}

export const harness: HarnessState = { userId: null, cookies: new Map(), headers: new Headers() };

const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`app-harness: set harness.${name} in beforeAll`);
  return value;
};

const sessionToken = (userId: string) => `harness-session-${userId}`;
const HARNESS_AUTH_SECRET = "app-harness-auth-secret-not-a-secret-0123456789";

/**
 * Signs the user in as the browser would be: a database session (fresh, so recent-sign-in checks
 * pass) and its cookie, plus the chosen organisation's cookie.
 */
export async function signInAs(userId: string, { orgId }: { orgId?: string } = {}) {
  const db = required(harness.db, "db");
  const now = new Date();
  await db
    .insert(sessions)
    .values({
      sessionToken: sessionToken(userId),
      userId,
      expires: new Date(now.getTime() + 86_400_000),
      createdAt: now,
    })
    .onConflictDoUpdate({ target: sessions.sessionToken, set: { createdAt: now } });
  harness.userId = userId;
  harness.cookies = new Map([
    ["authjs.session-token", sessionToken(userId)],
    ...(orgId ? [["rekey-org", orgId] as [string, string]] : []),
  ]);
}

/**
 * A new staff member, signed in with the second factor verified in this session, as every staff
 * write requires (lib/auth/action.ts `staffAction`): enrolled and verified through the use cases.
 * Returns their user id, for `signInAs` later.
 */
export async function signInAsVerifiedStaff(role: StaffRole = "admin"): Promise<string> {
  const db = required(harness.db, "db");
  const secrets = secondFactorSecrets();
  const user = await makeUser(db, { staffRole: role });
  await signInAs(user.id);
  const ctx: PersonCtx = {
    db,
    now: () => new Date(),
    actor: { type: "staff", userId: user.id, email: user.email, role },
  };
  const { secret } = await startTotpEnrolment(ctx, secrets);
  await confirmTotpEnrolment(
    ctx,
    { sessionToken: sessionToken(user.id), code: totpCodeAt(secret, new Date()), address: "127.0.0.1" },
    secrets,
  );
  return user.id;
}

/** What the app makes once per process, made once per test database here (limiters and the fan-out hold timers). */
function perTestDatabase<Made>(create: (db: Db) => Made): () => Made {
  const byDatabase = new WeakMap<Db, Made>();
  return () => {
    const db = required(harness.db, "db");
    let made = byDatabase.get(db);
    if (!made) {
      made = create(db);
      byDatabase.set(db, made);
    }
    return made;
  };
}

const secondFactorLimiter = perTestDatabase((db) => createSecondFactorLimiter(db));
const statusSubscriptionLimiter = perTestDatabase(createStatusSubscriptionLimiter);

// Probes open a stream and close it at once: no notices needed, the safety poll stays far away.
const revocationFanOut = perTestDatabase((db) =>
  createRevocationFanOut({
    db,
    signer: required(harness.signer, "signer"),
    issuer: "https://probe.example/",
    listen: async () => {},
  }),
);

// No change notices reach a probe: the head is read from the test's database.
const revocationFeedHead = perTestDatabase((db) => createRevocationFeedHead(db, async () => {}));
/** Release files a probe uploads, in the test file's own REKEY_DATA_DIR (testing/isolated-data-dir.ts). */
const artifactStore = () => createDiskArtifactStore(path.join(process.env.REKEY_DATA_DIR!, "artifacts"));

/** The test's key secrets with a guess limiter over the test's database. */
const secondFactorSecrets = (): SecondFactorSecrets => ({
  ...required(harness.secrets, "secrets"),
  limiter: secondFactorLimiter(),
});

// The app enables `experimental.authInterrupts` (next.config.ts); Next passes it to the server
// this way, and forbidden()/unauthorized() refuse to run without it.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

/** Auth.js (which cannot load outside Next) with its session lookup answered by the harness. */
export const authModule = {
  auth: async () => (harness.userId ? { user: { id: harness.userId } } : null),
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {
    GET: async () => new Response(null, { status: 404 }),
    POST: async () => new Response(null, { status: 404 }),
  },
};

export const headersModule = {
  cookies: async () => ({
    get: (name: string) => (harness.cookies.has(name) ? { name, value: harness.cookies.get(name)! } : undefined),
    has: (name: string) => harness.cookies.has(name),
    getAll: () => [...harness.cookies].map(([name, value]) => ({ name, value })),
    set: () => undefined,
    delete: () => undefined,
  }),
  headers: async () => harness.headers,
  draftMode: async () => ({ isEnabled: false }),
};

export const cacheModule = {
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
  refresh: () => undefined,
  updateTag: () => undefined,
  unstable_noStore: () => undefined,
};

/**
 * The app's wiring object with its database, secrets, signer and limits swapped for the test's.
 * Every member that reaches a database, a secret or a file is replaced: the real object was made
 * for the first test file of the worker, and one left in place opened an embedded database with
 * generated secrets in that file's folder, which had been removed, or failed when it was not empty
 * yet (`npm test` failed this way depending on the order vitest ran the files in).
 */
export function configModule<T extends { appServices: () => AppServices }>(original: T): T {
  const real = original.appServices();
  const services: AppServices = {
    ...real,
    authSecret: () => HARNESS_AUTH_SECRET,
    listenForChanges: async () => {},
    revocationFeedHead: async () => revocationFeedHead(),
    auditExportDeps: async () => ({
      signer: required(harness.signer, "signer"),
      issuer: real.tokenIssuer,
      jwksUrl: real.publicUrl("/.well-known/jwks.json"),
    }),
    artifactStore,
    startWorker: () => Promise.reject(new Error("app-harness: a probe never starts the worker")),
    startValidationTelemetryFlush: () => () => undefined,
    // Metrics are off unless a token is set; the probes turn them on to reach the scrape itself.
    env: { ...real.env, REKEY_METRICS_TOKEN: PROBE_METRICS_TOKEN },
    healthMetrics: () => (harness.metrics ??= createHealthMetrics({ getDb: async () => required(harness.db, "db") })),
    db: async () => required(harness.db, "db"),
    validationDb: async () => required(harness.db, "db"),
    keySecrets: () => required(harness.secrets, "secrets"),
    secondFactorSecrets: async () => secondFactorSecrets(),
    statusSubscriptionLimiter: async () => statusSubscriptionLimiter(),
    revocationFanOut: async () => revocationFanOut(),
    signing: async () => required(harness.signer, "signer"),
    // Rate limits have their own tests; probes and fuzzers send thousands of calls from one address.
    consumeApiCall: async () => undefined,
    consumeSignInAttempt: async () => undefined,
    // Probes never ask DNS: no domain has a verification record.
    resolveTxt: async () => [],
    // The real guard, with every name resolving to one public address: probes never ask DNS.
    outgoingHttp: createOutgoingHttp({
      allowPrivate: false,
      resolve: async () => [{ address: "93.184.215.14", family: 4 }],
      timeoutMs: 2_000,
    }),
  };
  return { ...original, appServices: () => services };
}

export const importAppModule = (file: string): Promise<Record<string, unknown>> =>
  import(/* @vite-ignore */ path.join(process.cwd(), file));

export function formData(fields: Record<string, unknown>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value])
      data.append(name, typeof item === "string" ? item : JSON.stringify(item));
  }
  return data;
}

export type Outcome =
  | { kind: "result"; ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> }
  | { kind: "signal"; digest: string }
  | { kind: "response"; status: number; body: string }
  | { kind: "crash"; error: string };

/** How the framework answers a thrown navigation signal: `NEXT_HTTP_ERROR_FALLBACK;404` → 404. */
export function signalStatus(digest: string): number | null {
  const match = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
  if (match) return Number(match[1]);
  return digest.startsWith("NEXT_REDIRECT") ? 303 : null;
}

function asOutcome(error: unknown): Outcome {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest === "string" && signalStatus(digest) !== null) return { kind: "signal", digest };
  return {
    kind: "crash",
    error:
      error instanceof Error
        ? `${error.name}: ${error.message}\n${error.stack?.split("\n").slice(1, 4).join("\n")}`
        : String(error),
  };
}

export async function callAction(action: unknown, fields: Record<string, unknown>): Promise<Outcome> {
  try {
    const result = await (action as FormAction<unknown>)(null, formData(fields));
    // An action may return nothing (sign-out redirects or simply ends).
    if (!result) return { kind: "result", ok: true };
    return result.ok ? { kind: "result", ok: true } : { kind: "result", ...result };
  } catch (error) {
    return asOutcome(error);
  }
}

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response> | Response;

export async function callRoute(
  handler: unknown,
  request: Request,
  params: Record<string, string | string[]> = {},
): Promise<Outcome> {
  try {
    const response = await (handler as Handler)(request, { params: Promise.resolve(params) });
    // A stream never ends by itself: its status is the answer, and reading it would wait forever.
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
      await response.body?.cancel();
      return { kind: "response", status: response.status, body: "" };
    }
    return { kind: "response", status: response.status, body: response.body ? await response.text() : "" };
  } catch (error) {
    return asOutcome(error);
  }
}

type Component = (props: {
  params: Promise<Record<string, string>>;
  searchParams: Promise<Record<string, string>>;
  children: null;
}) => unknown;

/** Layouts from the root down to the page's folder: Next renders them first, and any may refuse. */
function layoutsFor(page: AppRoute): string[] {
  const dirs = path.dirname(page.file).split("/");
  return dirs.map((_, index) => `${dirs.slice(0, index + 1).join("/")}/layout.tsx`).filter((file) => existsSync(file));
}

/**
 * Renders a page as Next does, one level deep: each layout, then the page, with the given params.
 * Returns the first refusal (a 404/403 signal, a redirect, a crash) and the element trees made.
 */
export async function renderPage(
  page: AppRoute,
  params: Record<string, string>,
  searchParams: Record<string, string> = {},
): Promise<{ outcome: Outcome; tree: unknown[] }> {
  const tree: unknown[] = [];
  for (const file of [...layoutsFor(page), page.file]) {
    const component = (await importAppModule(file)).default as Component;
    try {
      tree.push(
        await component({
          params: Promise.resolve(params),
          searchParams: Promise.resolve(searchParams),
          children: null,
        }),
      );
    } catch (error) {
      return { outcome: asOutcome(error), tree };
    }
  }
  return { outcome: { kind: "response", status: 200, body: "" }, tree };
}

/** What a client would see as the HTTP status of an outcome; a crash is what Next turns into a 500. */
export function httpStatusOf(outcome: Outcome): number {
  switch (outcome.kind) {
    case "response":
      return outcome.status;
    case "signal":
      return signalStatus(outcome.digest)!;
    case "crash":
      return 500;
    case "result":
      if (outcome.ok) return 200;
      if (!outcome.code && !outcome.fieldErrors) return 500;
      return outcome.code === "NOT_FOUND" ? 404 : outcome.code === "FORBIDDEN" ? 403 : 400;
  }
}

/**
 * The world the probes attack: a fresh database, published signing keys and two tenants, wired
 * into the harness so the app's entry points see them.
 */
/**
 * The first import of the app's module graph (every page, layout, route and action module) took
 * 80 s on the 2-CPU machine with the browser suite running beside vitest; the probes pay it here,
 * under a timeout meant for it, instead of inside whichever probe happens to run first.
 */
const APP_GRAPH_LOAD_TIMEOUT_MS = 300_000;
async function loadAppModules() {
  const files = new Set([
    ...listServerActionModules().map((module) => module.file),
    ...listRouteHandlers().map((route) => route.file),
    ...listPages().flatMap((page) => [...layoutsFor(page), page.file]),
  ]);
  for (const file of files) await importAppModule(file);
}

export function useProbeWorld() {
  beforeAll(loadAppModules, APP_GRAPH_LOAD_TIMEOUT_MS);
  const database = useTestDatabase();
  const secrets = testSecrets();
  let tenants: { a: Tenant; b: Tenant } | undefined;
  beforeAll(async () => {
    const now = () => new Date();
    const { signer } = await makeSigner(database.db, secrets, now);
    Object.assign(harness, { db: database.db, secrets, signer });
    tenants = await makeTwoTenants(database.db, secrets, signer, now);
  });
  return {
    get db() {
      return database.db;
    },
    get tenants() {
      return required(tenants, "tenants");
    },
  };
}
