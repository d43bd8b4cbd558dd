import { describe, expect, it } from "vitest";
import { asc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { auditCheckpoints, auditEvents } from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { makeSigner, systemActor, testSecrets } from "@/testing/factories";
import { parseMasterKeyRing } from "@/lib/crypto";
import { auditHashInput, chainHash } from "./append-audit-event";
import {
  AuditChainBroken,
  appendAuditEvent,
  checkAuditChain,
  deriveAuditKeys,
  verifyAuditChain,
  writeAuditCheckpoints,
} from "./index";

const ISSUER = "https://rekey.test/";

async function appendEvents(db: Db, count: number, orgId: string | null = null) {
  for (let i = 0; i < count; i += 1) {
    await db.transaction((tx) =>
      appendAuditEvent(tx, {
        actor: systemActor,
        at: new Date(),
        orgId,
        action: "license.created",
        subjectType: "test",
        subjectId: `s${i}`,
        data: { i, nested: { b: 1, a: 2 } },
      }),
    );
  }
}

async function checkpoint(db: Db) {
  const { signer } = await makeSigner(db, testSecrets());
  return writeAuditCheckpoints({ db, now: () => new Date() }, { signer, issuer: ISSUER });
}

/** An attacker with DDL rights: turns the append-only trigger off before touching rows. */
async function asAttacker(db: Db, work: () => Promise<unknown>) {
  await db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
  await work();
  await db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
}

/** Edits one event and recomputes the public SHA-256 chain from there on, as the old chain allowed. */
async function rewriteFrom(db: Db, id: number, reason: string) {
  await asAttacker(db, async () => {
    const rows = await db.select().from(auditEvents).where(gte(auditEvents.id, id)).orderBy(asc(auditEvents.id));
    let prevHash = rows[0]!.prevHash;
    for (const row of rows) {
      const edited = { ...row, reason: row.id === id ? reason : row.reason };
      const hash = chainHash(prevHash, auditHashInput(edited));
      await db.update(auditEvents).set({ reason: edited.reason, prevHash, hash }).where(eq(auditEvents.id, row.id));
      prevHash = hash;
    }
  });
}

describe("keyed audit chain", () => {
  const database = useTestDatabase();

  it("links each event to the previous one by hash and MAC and verifies end to end", async () => {
    const { db } = database;
    await appendEvents(db, 5);
    expect(await verifyAuditChain(db, { pageSize: 2 })).toEqual({
      ok: true,
      checked: 5,
      legacyEvents: 0,
      retiredKeyEvents: 0,
      checkpoints: 0,
      untrustedCheckpoints: 0,
    });
    expect(await checkAuditChain(db)).toEqual({
      exitCode: 0,
      message: "Audit chain intact: 5 events verified (hash and MAC), 0 signed checkpoints match.",
    });
  });

  it("needs the master key version an event was keyed with, unless a signed checkpoint covers the event", async () => {
    const { db } = database;
    const withoutV1 = deriveAuditKeys(parseMasterKeyRing(`v2:${Buffer.alloc(32, 7).toString("base64")}`));
    expect(await verifyAuditChain(db, { keys: withoutV1 })).toMatchObject({
      ok: false,
      problem: expect.stringContaining("master key version 1, which REKEY_MASTER_KEY does not hold"),
    });
    await checkpoint(db);
    expect(await verifyAuditChain(db, { keys: withoutV1 })).toMatchObject({
      ok: true,
      retiredKeyEvents: expect.any(Number),
      checkpoints: 1,
    });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events and checkpoints in the database", async () => {
    const { db } = database;
    for (const statement of [
      sql`update audit_events set reason = 'edited'`,
      sql`delete from audit_events`,
      sql`truncate audit_events`,
      sql`update audit_checkpoints set head = 'x'`,
      sql`delete from audit_checkpoints`,
      sql`truncate audit_checkpoints`,
    ]) {
      await expect(db.execute(statement)).rejects.toMatchObject({
        cause: {
          message: expect.stringMatching(
            /^audit_(events|checkpoints) is append-only: (UPDATE|DELETE|TRUNCATE) refused$/,
          ),
        },
      });
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, retiredKeyEvents: 0, checkpoints: 1 });
  });
});

describe("a rewritten audit chain", () => {
  const database = useTestDatabase();

  it("fails on the first rewritten event even when the public hash chain was recomputed", async () => {
    const { db } = database;
    await appendEvents(db, 5);
    const [third] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, "s2"));
    await rewriteFrom(db, third!.id, "edited");
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      brokenAtId: third!.id,
      problem: expect.stringContaining("mac mismatch"),
    });
    const command = await checkAuditChain(db);
    expect(command.exitCode).toBe(1);
    expect(command.message).toContain(`Audit chain BROKEN at event ${third!.id}: mac mismatch`);
  });

  it("is never signed: the checkpoint refuses it and names the event", async () => {
    const { db } = database;
    const [third] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, "s2"));
    await expect(checkpoint(db)).rejects.toThrow(
      new AuditChainBroken(
        `event ${third!.id}: mac mismatch (the event or the chain up to it was rewritten without the audit key)`,
      ),
    );
    expect(await db.select().from(auditCheckpoints)).toEqual([]);
  });
});

describe("a truncated audit chain", () => {
  const database = useTestDatabase();

  it("fails when events covered by a signed checkpoint were deleted from the end", async () => {
    const { db } = database;
    await appendEvents(db, 4);
    await checkpoint(db);
    const rows = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id));
    const [head, removedFrom, keptUpTo] = [rows.at(-1)!.id, rows.at(-2)!.id, rows.at(-3)!.id];
    const [checkpointRow] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.throughEventId, head));
    await asAttacker(db, () => db.delete(auditEvents).where(gte(auditEvents.id, removedFrom)));
    expect(await checkAuditChain(db)).toEqual({
      exitCode: 1,
      message: `Audit chain BROKEN: chain ends at event ${keptUpTo} but checkpoint ${checkpointRow!.id} covers up to event ${head}: events were deleted. ${rows.length - 2} events before it verified; nothing after it can be trusted.`,
    });
    await expect(checkpoint(db)).rejects.toThrow(/is missing: events were deleted/);
  });
});

describe("a forged audit checkpoint", () => {
  const database = useTestDatabase();

  it("fails when a checkpoint row no longer says what was signed, or its signature does not verify", async () => {
    const { db } = database;
    await appendEvents(db, 2, null);
    await checkpoint(db);
    const [row] = await db.select().from(auditCheckpoints);
    await db.execute(sql`alter table audit_checkpoints disable trigger audit_checkpoints_append_only`);
    await db.update(auditCheckpoints).set({ eventCount: 1 }).where(eq(auditCheckpoints.id, row!.id));
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      problem: `checkpoint ${row!.id}: the stored row differs from what was signed`,
    });
    const [header, payload] = row!.token.split(".");
    await db
      .update(auditCheckpoints)
      .set({ eventCount: row!.eventCount, token: `${header}.${payload}.${"A".repeat(86)}` })
      .where(eq(auditCheckpoints.id, row!.id));
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: false,
      problem: `checkpoint ${row!.id}: signature does not verify`,
    });
  });
});
