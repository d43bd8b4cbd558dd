import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, NotFound } from "@/lib/errors";
import { fixedNow, makeOrg, makeUser, staffCtx } from "@/testing/factories";
import {
  devMailboxMailer,
  listDeliveries,
  MAX_DELIVERY_ATTEMPTS,
  resendNotice,
  retryDeadDelivery,
  retryFailedEmails,
} from "./index";

const reason = { reason: "customer fixed their mail server", reasonCategory: "customer_request" as const };

describe("staff delivery tools", () => {
  const database = useTestDatabase();
  const now = fixedNow("2026-11-23T12:00:00Z");

  async function deadEmail() {
    const { org, user } = await makeOrg(database.db);
    const [row] = await database.db
      .insert(t.outbox)
      .values({
        orgId: org.id,
        kind: "email",
        dedupeKey: `notice:${crypto.randomUUID()}`,
        payload: { to: user.email, subject: "Key rotation", text: "t", html: "h" },
        status: "dead",
        attempts: MAX_DELIVERY_ATTEMPTS,
        lastError: "mailbox full",
      })
      .returning();
    const staff = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    return { org, row: row!, staff };
  }

  it("lists dead-lettered deliveries with their last error, then retries one with a fresh set of attempts", async () => {
    const { row, staff, org } = await deadEmail();
    const dead = await listDeliveries(database.db, { isDeadOnly: true });
    expect(dead.rows.find((delivery) => delivery.id === row.id)).toMatchObject({
      orgName: org.name,
      summary: "Key rotation",
      lastError: "mailbox full",
      status: "dead",
    });

    await retryDeadDelivery(staff, { outboxId: row.id, ...reason });
    await expect(retryDeadDelivery(staff, { outboxId: row.id, ...reason })).rejects.toBeInstanceOf(Conflict);
    expect(await retryFailedEmails(database.db, devMailboxMailer, { now: now() })).toMatchObject({ sent: 1 });
    const [sent] = await database.db.select().from(t.outbox).where(eq(t.outbox.id, row.id));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    const [audit] = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, "delivery.retried"));
    expect(audit).toMatchObject({
      orgId: org.id,
      reason: reason.reason,
      data: expect.objectContaining({ reasonCategory: "customer_request", lastError: "mailbox full" }),
    });
  });

  it("resends a notice as a new delivery each time, and never a sign-in link", async () => {
    const { row, staff } = await deadEmail();
    const first = await resendNotice(staff, { outboxId: row.id, ...reason });
    const second = await resendNotice(staff, { outboxId: row.id, ...reason });
    expect(first.outboxId).not.toBe(second.outboxId);
    const copies = await database.db.select().from(t.outbox).where(eq(t.outbox.orgId, row.orgId!));
    expect(copies.map((copy) => copy.dedupeKey).sort()).toEqual([
      row.dedupeKey,
      `${row.dedupeKey}#resend-1`,
      `${row.dedupeKey}#resend-2`,
    ]);

    const [signIn] = await database.db
      .insert(t.outbox)
      .values({
        kind: "email",
        dedupeKey: `signin:${crypto.randomUUID()}`,
        payload: { to: "x@test.example", subject: "Sign in" },
      })
      .returning();
    await expect(resendNotice(staff, { outboxId: signIn!.id, ...reason })).rejects.toBeInstanceOf(NotFound);
  });
});
