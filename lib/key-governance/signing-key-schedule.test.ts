import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Conflict, Forbidden } from "@/lib/errors";
import {
  advanceSigningKeySchedule,
  createSigningService,
  ensureSigningKeys,
  productScope,
  type SigningKeySchedulePolicy,
} from "@/lib/signing";
import { makeProduct, makeUser, staffCtx, systemActor, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { holdSigningKeyRotation, releaseSigningKeyRotation } from "./index";

const DAY_MS = 86_400_000;
const POLICY: SigningKeySchedulePolicy = { activeDays: 90, verifyOnlyDays: 60 };
const REASON = { reason: "clients are being chased", reasonCategory: "other" as const };

/** A clock the test moves: the worker's passes see it, as they would see real days go by. */
function simulatedClock(iso: string) {
  let nowMs = Date.parse(iso);
  return { now: () => new Date(nowMs), advanceDays: (days: number) => (nowMs += days * DAY_MS) };
}

describe("signing keys rotating on schedule", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  const auditOf = (kid: string, actions: string[]) =>
    database.db
      .select({ action: t.auditEvents.action, reason: t.auditEvents.reason })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectId, kid), inArray(t.auditEvents.action, actions)))
      .orderBy(t.auditEvents.id);

  async function startScope(clock: ReturnType<typeof simulatedClock>) {
    const { product } = await makeProduct(database.db);
    const scope = productScope(product.id);
    const ctx = { db: database.db, now: clock.now, actor: systemActor };
    await ensureSigningKeys(ctx, { ring: secrets.ring, scope });
    const pass = () => advanceSigningKeySchedule(ctx, { ring: secrets.ring, policy: POLICY });
    const keysOf = async () =>
      Object.fromEntries(
        (
          await database.db
            .select({ kid: t.signingKeys.kid, state: t.signingKeys.state })
            .from(t.signingKeys)
            .where(eq(t.signingKeys.scope, scope))
        ).map((key) => [key.kid, key.state]),
      );
    const activeKid = async () =>
      (
        await database.db
          .select({ kid: t.signingKeys.kid })
          .from(t.signingKeys)
          .where(and(eq(t.signingKeys.scope, scope), eq(t.signingKeys.state, "active")))
      )[0]!.kid;
    return { scope, pass, keysOf, activeKid };
  }

  it("activates the published successor at the planned date, keeps the old key verify only, then retires it", async () => {
    const clock = simulatedClock("2026-01-01T00:00:00Z");
    const { scope, pass, keysOf, activeKid } = await startScope(clock);
    const first = await activeKid();
    const signer = createSigningService({ db: database.db, ring: secrets.ring, cacheTtlMs: 0 });
    const signedBefore = await signer.sign({ sub: "file" }, { scopes: [scope] });

    clock.advanceDays(89);
    expect(await pass()).toMatchObject({ activated: 0, retired: 0 });
    expect(await activeKid()).toBe(first);

    clock.advanceDays(1);
    expect(await pass()).toMatchObject({ activated: 1 });
    const second = await activeKid();
    expect(second).not.toBe(first);
    expect((await keysOf())[first]).toBe("retiring");
    // The next successor is published at once, ahead of the next planned date.
    expect(Object.values(await keysOf())).toContain("pending");
    // What the old key signed still verifies: it is still in the JWKS.
    expect((await signer.publicKeys()).map((jwk) => jwk.kid)).toContain(signedBefore.kid);
    expect((await signer.sign({ sub: "file" }, { scopes: [scope] })).kid).toBe(second);

    clock.advanceDays(59);
    expect(await pass()).toMatchObject({ retired: 0 });
    clock.advanceDays(1);
    expect(await pass()).toMatchObject({ retired: 1 });
    expect((await keysOf())[first]).toBe("retired");
    expect((await signer.publicKeys()).map((jwk) => jwk.kid)).not.toContain(first);

    const events = await auditOf(first, ["signing_key.retiring", "signing_key.retired"]);
    expect(events).toEqual([
      { action: "signing_key.retiring", reason: "scheduled rotation after 90 days of signing" },
      { action: "signing_key.retired", reason: "verify-only period of 60 days ended" },
    ]);
  });

  it("publishes a successor before activating one, and waits until clients can have fetched it", async () => {
    const clock = simulatedClock("2026-01-01T00:00:00Z");
    const { scope, pass, activeKid } = await startScope(clock);
    const first = await activeKid();
    await database.db
      .delete(t.signingKeys)
      .where(and(eq(t.signingKeys.scope, scope), eq(t.signingKeys.state, "pending")));

    clock.advanceDays(100);
    expect(await pass()).toMatchObject({ published: 1, activated: 0 });
    expect(await pass()).toMatchObject({ activated: 0 });
    expect(await activeKid()).toBe(first);

    clock.advanceDays(1);
    expect(await pass()).toMatchObject({ activated: 1 });
  });

  it("leaves a held scope alone until an admin releases it; holding and releasing are admins' and audited", async () => {
    const clock = simulatedClock("2026-01-01T00:00:00Z");
    const { pass, activeKid } = await startScope(clock);
    const first = await activeKid();
    const admin = staffCtx(database.db, await makeUser(database.db), "admin", clock.now);
    const support = staffCtx(database.db, await makeUser(database.db), "support", clock.now);

    await expect(holdSigningKeyRotation(support, { kid: first, ...REASON })).rejects.toBeInstanceOf(Forbidden);
    await holdSigningKeyRotation(admin, { kid: first, ...REASON });
    await expect(holdSigningKeyRotation(admin, { kid: first, ...REASON })).rejects.toBeInstanceOf(Conflict);

    clock.advanceDays(120);
    expect(await pass()).toMatchObject({ activated: 0 });
    expect(await activeKid()).toBe(first);

    await releaseSigningKeyRotation(admin, { kid: first, reason: "clients caught up", reasonCategory: "other" });
    expect(await pass()).toMatchObject({ activated: 1 });

    const events = await auditOf(first, ["signing_key.rotation_held", "signing_key.rotation_released"]);
    expect(events).toEqual([
      { action: "signing_key.rotation_held", reason: REASON.reason },
      { action: "signing_key.rotation_released", reason: "clients caught up" },
    ]);
  });
});
