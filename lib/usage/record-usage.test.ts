import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import type { OverageStrategy } from "@rekey/sdk";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { apiCtx, makeLicenseWithKey, makeOrg, orgCtx, testSecrets } from "@/testing/factories";
import { listLicenseUsage, recordUsage } from "./index";

const START = "2026-11-23T12:00:00Z";
const PORTAL_URL = "https://portal.example";

describe("usage quotas: recording, overage, periods and alerts (issue 18)", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  let nextId = 0;
  const recordId = () => `record-${++nextId}-${Math.random().toString(36).slice(2, 10)}`;

  /** A license whose edition meters `exports` at `amount` a month under `overageStrategy`. */
  async function meteredCustomer({ amount = 10, overageStrategy = "none" as OverageStrategy } = {}) {
    let at = Date.parse(START);
    const now = () => new Date(at);
    const made = await makeLicenseWithKey(database.db, secrets, { now });
    await database.db.update(t.editions).set({ overageStrategy }).where(eq(t.editions.id, made.license.editionId));
    await database.db
      .insert(t.editionUsageQuotas)
      .values({ editionId: made.license.editionId, meter: "exports", amount, period: "month" });
    const api = apiCtx(database.db, now);
    return {
      ...made,
      moveTo: (iso: string) => (at = Date.parse(iso)),
      record: (quantity: number, id = recordId(), meter = "exports") =>
        recordUsage(
          api,
          { key: made.key.plaintext, meter, quantity, id },
          { hasher: secrets.hasher, portalUrl: PORTAL_URL },
        ),
      usage: () => listLicenseUsage({ db: database.db, orgId: made.org.id, now }, made.license.id),
    };
  }

  it("counts a record once per client id and answers what is left of the period", async () => {
    const { record } = await meteredCustomer();
    const first = await record(3, "export-run-0001");
    expect(first).toMatchObject({
      isNew: true,
      code: "VALID",
      record: { id: "export-run-0001", quantity: 3, replayed: false },
      usage: {
        meter: "exports",
        period: "month",
        periodStartsAt: "2026-11-01T00:00:00.000Z",
        periodEndsAt: "2026-12-01T00:00:00.000Z",
        limit: 10,
        used: 3,
        remaining: 7,
        overage: 0,
        overageStrategy: "none",
      },
    });
    const retried = await record(3, "export-run-0001");
    expect(retried).toMatchObject({ isNew: false, record: { replayed: true }, usage: { used: 3, remaining: 7 } });
    await expect(record(4, "export-run-0001")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { id: [expect.stringContaining("use a new id")] },
    });
  });

  it("refuses with QUOTA_EXHAUSTED a record that would pass a quota without overage, counting nothing", async () => {
    const { record, usage } = await meteredCustomer({ amount: 10 });
    await record(6);
    await expect(record(5)).rejects.toMatchObject({ code: "QUOTA_EXHAUSTED", status: 409 });
    const last = await record(4);
    expect(last).toMatchObject({ code: "QUOTA_EXHAUSTED", usage: { used: 10, remaining: 0 } });
    await expect(record(1)).rejects.toMatchObject({ code: "QUOTA_EXHAUSTED" });
    expect((await usage()).meters).toEqual([expect.objectContaining({ used: 10, remaining: 0, allowance: 10 })]);
  });

  it("tolerates usage up to 125 % of the quota with that strategy, and reports any overage with always_allow", async () => {
    const tolerant = await meteredCustomer({ amount: 8, overageStrategy: "up_to_125_percent" });
    expect(await tolerant.record(10)).toMatchObject({ code: "QUOTA_EXHAUSTED", usage: { used: 10, overage: 2 } });
    await expect(tolerant.record(1)).rejects.toMatchObject({ code: "QUOTA_EXHAUSTED" });

    const reporting = await meteredCustomer({ amount: 8, overageStrategy: "always_allow" });
    expect(await reporting.record(50)).toMatchObject({
      code: "QUOTA_EXHAUSTED",
      usage: { used: 50, remaining: 0, overage: 42, overageStrategy: "always_allow" },
    });
    expect((await reporting.usage()).meters[0]).toMatchObject({ allowance: null, overage: 42 });
  });

  it("starts each UTC calendar month afresh", async () => {
    const { record, moveTo } = await meteredCustomer({ amount: 5 });
    await record(5);
    moveTo("2026-11-30T23:59:59Z");
    await expect(record(1)).rejects.toMatchObject({ code: "QUOTA_EXHAUSTED" });
    moveTo("2026-12-01T00:00:00Z");
    expect(await record(1)).toMatchObject({ usage: { used: 1, periodStartsAt: "2026-12-01T00:00:00.000Z" } });
  });

  it("answers a meter the edition does not meter with a field error, and an unknown key with UNKNOWN_KEY", async () => {
    const { record } = await meteredCustomer();
    await expect(record(1, recordId(), "renders")).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { meter: [expect.stringContaining("renders")] },
    });
    await expect(
      recordUsage(
        apiCtx(database.db),
        { key: "RK-0000-0000-0000-0000", meter: "exports", quantity: 1, id: recordId() },
        { hasher: secrets.hasher, portalUrl: PORTAL_URL },
      ),
    ).rejects.toMatchObject({ code: "UNKNOWN_KEY" });
  });

  it("emails the owners at 80 % and at 100 % of a quota, once a period each", async () => {
    const { record, license, user, moveTo } = await meteredCustomer({ amount: 10, overageStrategy: "always_allow" });
    const alerts = () =>
      database.db
        .select({ subject: t.outbox.payload })
        .from(t.outbox)
        .where(and(eq(t.outbox.kind, "email"), like(t.outbox.dedupeKey, `usage-alert:${license.id}:%`)));
    await record(7);
    expect(await alerts()).toHaveLength(0);
    await record(1);
    await record(1);
    expect(await alerts()).toEqual([
      { subject: expect.objectContaining({ to: user.email, subject: expect.stringContaining("80 %") }) },
    ]);
    await record(5);
    await record(5);
    expect(await alerts()).toHaveLength(2);
    moveTo("2026-12-02T00:00:00Z");
    await record(10);
    expect(await alerts()).toHaveLength(4);
  });

  it("never counts past the allowance when clients race for the last of a quota", async () => {
    const { record, usage } = await meteredCustomer({ amount: 5 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => record(1)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    for (const result of results)
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "QUOTA_EXHAUSTED" });
    expect((await usage()).meters[0]).toMatchObject({ used: 5, remaining: 0 });
  });

  it("shows a license's usage to its own organization only", async () => {
    const { license, record } = await meteredCustomer();
    await record(2);
    const stranger = await makeOrg(database.db);
    await expect(
      listLicenseUsage(orgCtx(database.db, { orgId: stranger.org.id, user: stranger.user }), license.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
