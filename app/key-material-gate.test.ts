/**
 * Issue 24, finding 3: every entry point that yields a license key or a signed license file, called
 * through the real app code (server actions and the HTTP route), by each person the key-material
 * gate must refuse. Each refusal carries its code and changes nothing: no file issued, no device
 * bound, no reveal audited. The same entry points succeed for a freshly signed-in owner, so the
 * refusals are the gate's and not a broken fixture.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { editions, sessions } from "@/lib/db/schema";
import { devMailboxMailer } from "@/lib/notify";
import { assignLicenseSeat, unassignLicenseSeat } from "@/lib/seats";
import { setSecondFactorPolicy } from "@/lib/orgs";
import {
  callAction,
  callRoute,
  harness,
  importAppModule,
  signInAs,
  useProbeWorld,
  type Outcome,
} from "@/testing/app-harness";
import { changedTables, databaseFingerprint } from "@/testing/database-fingerprint";
import { fixedNow, makeLicenseWithKey, orgCtx } from "@/testing/factories";
import { makePublishedRelease, temporaryArtifactStore } from "@/testing/release-factories";
import { actionDriverFor, ROUTE_DRIVERS } from "@/testing/probe-drivers";
import { listRouteHandlers, listServerActionModules } from "@/testing/route-tree";
import type { Tenant } from "@/testing/tenants";

interface KeyMaterialPath {
  /** The entry point, as the probes name it. */
  id: string;
  file: string;
  call: (license: Tenant) => Promise<Outcome>;
}

function actionPath(id: string, extra: Record<string, unknown> = {}): KeyMaterialPath {
  const [file, name] = id.split("#") as [string, string];
  return {
    id: `${id}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ""}`,
    file,
    call: async (t) => callAction((await importAppModule(file))[name], { ...actionDriverFor(id)!.fields(t), ...extra }),
  };
}

function routePath(id: string): KeyMaterialPath {
  const route = listRouteHandlers().find((candidate) =>
    candidate.methods.some((method) => `${method} ${candidate.pattern}` === id),
  )!;
  const [method] = id.split(" ") as [string];
  return {
    id,
    file: route.file,
    call: async (t) => {
      const { path, init, params } = ROUTE_DRIVERS[id]!.request!(t, t);
      return callRoute(
        (await importAppModule(route.file))[method],
        new Request(new URL(path, "http://localhost:3000"), { method, ...init }),
        params,
      );
    },
  };
}

/** Every path that yields key material or a signed license file (the gate's callers in app/). */
const KEY_MATERIAL_PATHS: KeyMaterialPath[] = [
  actionPath("app/(portal)/licenses/[licenseId]/actions.ts#revealLicenseKeyAction", { purpose: "reveal" }),
  actionPath("app/(portal)/licenses/[licenseId]/actions.ts#revealLicenseKeyAction", { purpose: "copy" }),
  routePath("GET /licenses/[licenseId]/license-file"),
  actionPath("app/(portal)/licenses/[licenseId]/devices/actions.ts#activateOfflineAction"),
];

/**
 * The holder view's paths (issue 18): reached by a person holding a seat of the license, member of
 * its organization or not, so they are called by such a person (below) rather than by an owner.
 */
const HOLDER_KEY_MATERIAL_PATHS: KeyMaterialPath[] = [
  actionPath("app/(holder)/held/[licenseId]/actions.ts#revealHeldKeyAction", { purpose: "reveal" }),
  actionPath("app/(holder)/held/[licenseId]/actions.ts#revealHeldKeyAction", { purpose: "copy" }),
  routePath("GET /held/[licenseId]/license-file"),
];

/**
 * Gate callers whose own work is not key material: they do something else first and ask the gate
 * only whether to show a key as well, so a refusal there changes what is shown, not what was done.
 */
const SHOW_A_KEY_AFTER_THEIR_WORK: Record<string, string> = {
  "app/(portal)/licenses/[licenseId]/actions.ts#rotateNowAction":
    "rotates, then shows the new key once only if the gate admits the person (issue 16 item 8)",
};

/** What a caller sees: an action's result code, or a route's status and problem code. */
function refusalOf(outcome: Outcome): { status?: number; code?: string } {
  if (outcome.kind === "result") return { code: outcome.code };
  if (outcome.kind === "response")
    return {
      status: outcome.status,
      code: outcome.status === 200 ? undefined : (JSON.parse(outcome.body) as { code?: string }).code,
    };
  return { code: JSON.stringify(outcome) };
}

const succeeded = (outcome: Outcome) =>
  (outcome.kind === "result" && outcome.ok) || (outcome.kind === "response" && outcome.status === 200);

describe("one gate in front of every key and license file", () => {
  const world = useProbeWorld();

  /** Signs the caller in first (the session row is theirs, not the call's), then fingerprints the database around the call. */
  async function refusedWithoutChange(path: KeyMaterialPath, license: Tenant) {
    const before = await databaseFingerprint(world.db);
    const outcome = await path.call(license);
    expect(
      changedTables(before, await databaseFingerprint(world.db)),
      `${path.id} changed the database while refusing`,
    ).toEqual([]);
    expect(succeeded(outcome), `${path.id} was not refused: ${JSON.stringify(outcome).slice(0, 200)}`).toBe(false);
    return refusalOf(outcome);
  }

  /** Backdates the signed-in session, as if its sign-in happened that long ago. */
  const makeSessionOlder = (minutes: number) =>
    world.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - minutes * 60_000) })
      .where(eq(sessions.sessionToken, harness.cookies.get("authjs.session-token")!));

  it("lists every app entry point that calls the gate, once per entry point", () => {
    const gateCallers = [
      ...listServerActionModules().map((module) => module.file),
      ...listRouteHandlers().map((route) => route.file),
    ].flatMap((file) => {
      const calls = readFileSync(file, "utf8").match(/requireKeyMaterialPass\(/g)?.length ?? 0;
      return calls > 0 ? [[file, calls] as const] : [];
    });
    const listed = new Map<string, Set<string>>();
    for (const path of [...KEY_MATERIAL_PATHS, ...HOLDER_KEY_MATERIAL_PATHS])
      listed.set(path.file, (listed.get(path.file) ?? new Set()).add(path.id.split(" {")[0]!));
    for (const id of Object.keys(SHOW_A_KEY_AFTER_THEIR_WORK)) {
      const file = id.split("#")[0]!;
      listed.set(file, (listed.get(file) ?? new Set()).add(id));
    }
    expect(Object.fromEntries(gateCallers)).toEqual(
      Object.fromEntries([...listed].map(([file, ids]) => [file, ids.size])),
    );
  });

  it("opens stored keys only behind the gate's pass, or where the old key itself is the proof", () => {
    const allowed: Record<string, string> = {
      "lib/licensing/license-key-secrets.ts": "defines it",
      "lib/licensing/reveal-license-key.ts": "takes the gate's pass",
      "lib/rotation/exchange-key.ts":
        "client software trading the old key during its rotation (POST /api/v1/keys/exchange): no person, no session",
    };
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    const openers = ["app", "lib"]
      .flatMap(sources)
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith("testing/"))
      .filter((file) => /openLicenseKey\(/.test(readFileSync(file, "utf8")));
    expect(openers.sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s works for an owner who just signed in",
    async (_id, path) => {
      const { b } = world.tenants;
      await signInAs(b.ownerId, { orgId: b.orgId });
      const outcome = await path.call(b);
      expect(succeeded(outcome), JSON.stringify(outcome).slice(0, 300)).toBe(true);
    },
  );

  it.each(KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s refuses a session older than the recent sign-in window: REAUTH_REQUIRED",
    async (_id, path) => {
      const { b } = world.tenants;
      await signInAs(b.ownerId, { orgId: b.orgId });
      await makeSessionOlder(16);
      expect(await refusedWithoutChange(path, b)).toMatchObject({ code: "REAUTH_REQUIRED" });
    },
  );

  it.each(KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s refuses a member without a second factor where the organisation requires one: SECOND_FACTOR_ENROLMENT_REQUIRED",
    async (_id, path) => {
      const { a } = world.tenants;
      const owner = await world.db.query.users.findFirst({ where: (users, { eq: is }) => is(users.id, a.ownerId) });
      await setSecondFactorPolicy(orgCtx(world.db, { orgId: a.orgId, user: owner!, now: fixedNow() }), {
        requireForKeys: true,
      });
      await signInAs(a.memberUserId, { orgId: a.orgId });
      expect(await refusedWithoutChange(path, a)).toMatchObject({ code: "SECOND_FACTOR_ENROLMENT_REQUIRED" });
    },
  );

  it.each(KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s answers 404 to another organisation's owner, fresh or stale",
    async (_id, path) => {
      const { a, b } = world.tenants;
      await signInAs(b.ownerId, { orgId: b.orgId });
      for (const signedInMinutesAgo of [0, 16]) {
        await makeSessionOlder(signedInMinutesAgo);
        const refusal = await refusedWithoutChange(path, a);
        expect(refusal.code).toBe("NOT_FOUND");
        if (refusal.status !== undefined) expect(refusal.status).toBe(404);
      }
    },
  );
});

describe("the same gate in front of a seat holder's key and license file, and their downloads (issue 18)", () => {
  const world = useProbeWorld();

  /**
   * A named-user license whose owner gave a seat to someone outside the organization, signed in
   * now as that person (no organization); the license stands in for the tenant the drivers read.
   */
  async function outsideHolderSignedIn() {
    const made = await makeLicenseWithKey(world.db, harness.secrets!, { now: () => new Date() });
    await world.db.update(editions).set({ seatModel: "user" }).where(eq(editions.id, made.license.editionId));
    const email = `holder-${crypto.randomUUID().slice(0, 8)}@outside.example`;
    await assignLicenseSeat(made.ctx, { licenseId: made.license.id, email }, { mailer: devMailboxMailer });
    const holder = await world.db.query.users.findFirst({ where: (users, { eq: is }) => is(users.email, email) });
    await signInAs(holder!.id);
    const license = { ...world.tenants.a, licenseId: made.license.id, keyId: made.key.keyId } satisfies Tenant;
    return { made, holder: holder!, license };
  }

  it.each(HOLDER_KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s works for an outside seat holder who just signed in",
    async (_id, path) => {
      const { license } = await outsideHolderSignedIn();
      const outcome = await path.call(license);
      expect(succeeded(outcome), JSON.stringify(outcome).slice(0, 300)).toBe(true);
    },
  );

  it.each(HOLDER_KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s refuses the holder past the recent sign-in window, and where the organization requires a second factor",
    async (_id, path) => {
      const { made, license, holder } = await outsideHolderSignedIn();
      await world.db
        .update(sessions)
        .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
        .where(eq(sessions.userId, holder.id));
      expect(refusalOf(await path.call(license))).toMatchObject({ code: "REAUTH_REQUIRED" });
      await signInAs(holder.id);
      await setSecondFactorPolicy(made.ctx, { requireForKeys: true });
      expect(refusalOf(await path.call(license))).toMatchObject({ code: "SECOND_FACTOR_ENROLMENT_REQUIRED" });
    },
  );

  // Not key material, but the holder view's other way to the software: a release file of the license's product.
  it("sends the holder's Downloads link to a fresh signed link and gives the file's signature, until the seat is taken back", async () => {
    const { made, license, holder } = await outsideHolderSignedIn();
    const { release } = await makePublishedRelease(
      world.db,
      { productId: made.license.productId, version: "2.0.0", now: () => new Date() },
      { store: temporaryArtifactStore(), signer: harness.signer! },
    );
    const { GET } = await importAppModule("app/(holder)/held/[licenseId]/downloads/[artifactId]/route.ts");
    const download = (query = "") => {
      const params = { licenseId: license.licenseId, artifactId: release.artifacts[0]!.id };
      const url = `http://localhost:3000/held/${params.licenseId}/downloads/${params.artifactId}${query}`;
      return callRoute(GET, new Request(url), params);
    };
    expect(await download()).toMatchObject({ kind: "response", status: 303 });
    const signature = await download("?file=signature");
    expect(signature).toMatchObject({ kind: "response", status: 200 });
    expect((signature as { body: string }).body.split(".")).toHaveLength(3);
    await unassignLicenseSeat(made.ctx, { licenseId: made.license.id, userId: holder.id });
    expect(refusalOf(await download())).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });

  it.each(HOLDER_KEY_MATERIAL_PATHS.map((path) => [path.id, path] as const))(
    "%s answers 404 once the seat is taken back, and to another organization's owner",
    async (_id, path) => {
      const { made, license, holder } = await outsideHolderSignedIn();
      await unassignLicenseSeat(made.ctx, { licenseId: made.license.id, userId: holder.id });
      expect(refusalOf(await path.call(license))).toMatchObject({ code: "NOT_FOUND" });
      const { b } = world.tenants;
      await signInAs(b.ownerId, { orgId: b.orgId });
      expect(refusalOf(await path.call(license))).toMatchObject({ code: "NOT_FOUND" });
    },
  );
});
