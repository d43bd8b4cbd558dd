import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { fixedNow, makeOrg, orgCtx } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { listChannelDeliveries, resendChannelDelivery } from "./index";

describe("a webhook channel's deliveries", () => {
  const database = useTestDatabase();

  /**
   * A channel with a delivery history, inserted: how the worker gets rows into these states is
   * deliver-outbox's subject; here the point is what the owner sees and may do with them.
   */
  async function channelWithHistory(count = 3) {
    const acme = await makeOrg(database.db);
    const [channel] = await database.db
      .insert(t.notificationChannels)
      .values({
        orgId: acme.org.id,
        kind: "webhook",
        target: "https://ops.example.com/hooks",
        verifiedAt: fixedNow()(),
      })
      .returning();
    const base = Date.parse("2026-11-20T10:00:00Z");
    const states = [
      { status: "sent" as const, attempts: 1, lastError: null },
      { status: "dead" as const, attempts: 8, lastError: "The endpoint answered 5xx." },
      { status: "failed" as const, attempts: 2, lastError: "The endpoint did not answer." },
    ];
    const rows = await database.db
      .insert(t.outbox)
      .values(
        Array.from({ length: count }, (_, i) => ({
          orgId: acme.org.id,
          channelId: channel!.id,
          kind: "webhook" as const,
          dedupeKey: `test:${channel!.id}:${i}`,
          payload: { type: "rotation.completed", timestamp: "", data: {} },
          createdAt: new Date(base + i * 60_000),
          ...states[i % states.length]!,
        })),
      )
      .returning();
    const owner = orgCtx(database.db, { orgId: acme.org.id, user: acme.user });
    return { acme, owner, channel: channel!, rows };
  }

  it("lists each delivery newest first with its status, answer class and attempts, a page at a time", async () => {
    const { owner, channel } = await channelWithHistory(27);
    const first = await listChannelDeliveries(owner, { channelId: channel.id });
    expect(first.deliveries).toHaveLength(25);
    expect(
      first.deliveries.slice(0, 3).map(({ status, responseClass, attempts }) => ({ status, responseClass, attempts })),
    ).toEqual([
      { status: "failed", responseClass: "no answer", attempts: 2 },
      { status: "dead", responseClass: "5xx", attempts: 8 },
      { status: "sent", responseClass: "2xx", attempts: 1 },
    ]);
    const second = await listChannelDeliveries(owner, { channelId: channel.id, before: first.nextBefore! });
    expect(second.deliveries).toHaveLength(2);
    expect(second.nextBefore).toBeNull();
  });

  it("puts a delivery that gave up back in the queue with fresh attempts, and records who did", async () => {
    const { owner, channel, rows } = await channelWithHistory();
    const dead = rows.find((row) => row.status === "dead")!;
    await resendChannelDelivery(owner, { channelId: channel.id, deliveryId: dead.id });
    const [after] = await database.db.select().from(t.outbox).where(eq(t.outbox.id, dead.id));
    expect(after).toMatchObject({ status: "pending", attempts: 0 });
    const [event] = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, dead.id));
    expect(event).toMatchObject({ action: "delivery.resent", actorLabel: owner.actor.email });
  });

  it("refuses to resend what was delivered, a member's request, and another organization's delivery", async () => {
    const { acme, owner, channel, rows } = await channelWithHistory();
    const sent = rows.find((row) => row.status === "sent")!;
    const dead = rows.find((row) => row.status === "dead")!;
    await expect(resendChannelDelivery(owner, { channelId: channel.id, deliveryId: sent.id })).rejects.toBeInstanceOf(
      Conflict,
    );
    const member = orgCtx(database.db, { orgId: acme.org.id, user: acme.user, role: "member" });
    await expect(resendChannelDelivery(member, { channelId: channel.id, deliveryId: dead.id })).rejects.toBeInstanceOf(
      Forbidden,
    );
    const globex = await makeOrg(database.db);
    const stranger = orgCtx(database.db, { orgId: globex.org.id, user: globex.user });
    await expect(
      resendChannelDelivery(stranger, { channelId: channel.id, deliveryId: dead.id }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(listChannelDeliveries(stranger, { channelId: channel.id })).rejects.toBeInstanceOf(NotFound);
  });
});
