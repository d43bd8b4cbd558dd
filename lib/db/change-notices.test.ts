import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSigningService, ensureSigningKeys, GLOBAL_SCOPE, rotateSigningKey } from "@/lib/signing";
import { createRevocationFeedHead, revocationFeedEtag } from "@/lib/licensing/revocation-feed-head";
import { recordRevocation } from "@/lib/licensing/record-revocation";
import { systemActor, testSecrets } from "@/testing/factories";
import { CHANGE_CHANNELS } from "./change-notices";
import type { OpenDatabase } from "./index";
import { createTestDb } from "@/testing/test-database";

describe("caches invalidated by change notices", () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDb();
  });
  afterAll(async () => {
    await database.close();
  });

  const revoke = (reason: string) =>
    database.db.transaction((tx) =>
      recordRevocation(tx, {
        kind: "device",
        subjectId: reason,
        licenseId: null,
        reasonCode: "unspecified",
        revokedAt: new Date(),
      }),
    );

  it("moves the revocation feed head when a revocation commits, and answers from memory in between", async () => {
    const head = await createRevocationFeedHead(database.db, database.listen);
    const before = await head.current();
    await revoke("first");
    await expect.poll(() => head.current()).toBe(before + 1);

    const reads = vi.spyOn(database.db, "select");
    for (let poll = 0; poll < 5; poll += 1)
      expect(revocationFeedEtag(before, await head.current())).toBe(revocationFeedEtag(before, before + 1));
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it("does not move the head for a revocation that rolled back", async () => {
    const head = await createRevocationFeedHead(database.db, database.listen);
    const before = await head.current();
    await expect(
      database.db.transaction(async (tx) => {
        await recordRevocation(tx, {
          kind: "device",
          subjectId: "rolled-back",
          licenseId: null,
          reasonCode: "unspecified",
          revokedAt: new Date(),
        });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await revoke("after the rollback");
    // Sequence numbers are not reused: the committed revocation is two past the old head.
    await expect.poll(() => head.current()).toBe(before + 2);
  });

  it("stops signing with a rotated-out key as soon as the rotation commits", async () => {
    const secrets = testSecrets();
    const ctx = { db: database.db, now: () => new Date(), actor: systemActor };
    await ensureSigningKeys(ctx, { ring: secrets.ring });
    const service = createSigningService({ db: database.db, ring: secrets.ring, cacheTtlMs: 60 * 60_000 });
    await database.listen(CHANGE_CHANNELS.signingKeys, () => service.invalidate());
    const { kid: before } = await service.sign({ sub: "x" }, { scopes: [GLOBAL_SCOPE] });

    const muchLater = { ...ctx, now: () => new Date(Date.now() + 30 * 24 * 3600_000) };
    await rotateSigningKey(muchLater, { ring: secrets.ring, scope: GLOBAL_SCOPE, reason: "cache invalidation test" });

    await expect.poll(async () => (await service.sign({ sub: "x" }, { scopes: [GLOBAL_SCOPE] })).kid).not.toBe(before);
    expect((await service.publicKeys()).map((key) => key.kid)).toContain(before);
  });
});
