import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { recordWorkerHeartbeat } from "@/lib/status";
import { devMailboxMailer } from "@/lib/notify";
import { makeUser } from "@/testing/factories";
import {
  createHealthMetrics,
  evaluateHealthAlerts,
  isMetricsRequestAuthorized,
  sendHealthAlerts,
  type AlertThresholds,
} from "./index";

const thresholds: AlertThresholds = {
  oldKeyLicenses: 5,
  staleClientPercent: 10,
  deadOutbox: 1,
  revocationP99Seconds: 5,
  noticeTargetMinutes: 60,
  keyReplacedTargetMinutes: 240,
  failedValidationSpikeFactor: 3,
};

/** Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then `name{label="value",…} number` lines (numbers as Go parses them, so `Nan`). */
function parsePrometheusText(text: string) {
  const families = new Map<
    string,
    { type?: string; samples: { name: string; labels: Record<string, string>; value: number }[] }
  >();
  const family = (name: string) => families.get(name) ?? families.set(name, { samples: [] }).get(name)!;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") family(meta[2]!).type = meta[3];
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|nan|[+-]inf)$/i.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((match) => [
        match[1]!,
        match[2]!,
      ]),
    );
    const base = sample[1]!.replace(/_(bucket|sum|count|total)$/, "");
    (families.get(sample[1]!) ?? family(base)).samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return families;
}

describe("health alerts and metrics", () => {
  const database = useTestDatabase();

  it("emails each firing alert to staff once per hour, however many passes see it", async () => {
    const { db } = database;
    const staff = await makeUser(db, { staffRole: "support" });
    await makeUser(db);
    const now = new Date("2030-01-01T10:05:00Z");
    expect(await evaluateHealthAlerts(db, { now, thresholds })).toEqual([]);

    await db.insert(t.outbox).values({
      kind: "email",
      dedupeKey: "alerts-test-dead",
      payload: {},
      status: "dead",
      attempts: 8,
      lastError: "550 mailbox unavailable",
      createdAt: new Date(now.getTime() - 3_600_000),
    });
    const alerts = await evaluateHealthAlerts(db, { now, thresholds });
    expect(alerts).toEqual([
      expect.objectContaining({ id: "dead-outbox", title: "1 outgoing messages were given up" }),
    ]);

    const options = { now, thresholds, recipients: [], dashboardUrl: "https://portal.example/admin/health" };
    expect(await sendHealthAlerts(db, devMailboxMailer, options)).toEqual({ firing: 1, sent: 1 });
    expect(await sendHealthAlerts(db, devMailboxMailer, { ...options, now: new Date("2030-01-01T10:55:00Z") })).toEqual(
      { firing: 1, sent: 0 },
    );
    const sent = await db.select().from(t.outbox).where(like(t.outbox.dedupeKey, "alert:dead-outbox:%"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      to: staff.email,
      subject: "[Rekey alert] 1 outgoing messages were given up",
    });

    expect(await sendHealthAlerts(db, devMailboxMailer, { ...options, now: new Date("2030-01-01T11:01:00Z") })).toEqual(
      { firing: 1, sent: 1 },
    );
    expect(
      await sendHealthAlerts(db, devMailboxMailer, {
        ...options,
        now: new Date("2030-01-01T11:02:00Z"),
        recipients: ["oncall@vendor.example"],
      }),
    ).toEqual({ firing: 1, sent: 1 });
    expect(
      await db
        .select()
        .from(t.outbox)
        .where(eq(t.outbox.dedupeKey, "alert:dead-outbox:2030-01-01T11:00:00.000Z:oncall@vendor.example")),
    ).toHaveLength(1);
  });

  it("exposes counters and database gauges in the Prometheus text format", async () => {
    const { db } = database;
    const now = new Date("2030-01-01T12:00:00Z");
    await recordWorkerHeartbeat(db, new Date(now.getTime() - 42_000));
    const metrics = createHealthMetrics({ getDb: async () => db, now: () => now });
    metrics.recordValidation("VALID");
    metrics.recordValidation("VALID");
    metrics.recordValidation("UNKNOWN_KEY");

    expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(await metrics.registry.metrics());
    expect(families.get("rekey_validations_total")).toMatchObject({ type: "counter" });
    expect(families.get("rekey_validations_total")!.samples).toEqual(
      expect.arrayContaining([
        { name: "rekey_validations_total", labels: { code: "VALID" }, value: 2 },
        { name: "rekey_validations_total", labels: { code: "UNKNOWN_KEY" }, value: 1 },
      ]),
    );
    expect(families.get("rekey_rotations")!.samples.map((sample) => sample.labels.state)).toEqual(
      expect.arrayContaining(["planned", "overlapping", "completed", "failed"]),
    );
    expect(families.get("rekey_outbox_messages")!.samples).toContainEqual({
      name: "rekey_outbox_messages",
      labels: { kind: "email", status: "dead" },
      value: 1,
    });
    expect(families.get("rekey_worker_last_pass_age_seconds")!.samples).toEqual([
      { name: "rekey_worker_last_pass_age_seconds", labels: {}, value: 42 },
    ]);
    expect(families.get("rekey_signing_keys")).toMatchObject({ type: "gauge" });
    expect(families.get("process_cpu_user_seconds_total")).toBeDefined();
  });

  it("accepts only the configured bearer token", () => {
    const token = "m".repeat(40);
    expect(isMetricsRequestAuthorized(`Bearer ${token}`, token)).toBe(true);
    expect(isMetricsRequestAuthorized(`bearer ${token}`, token)).toBe(true);
    expect(isMetricsRequestAuthorized(null, token)).toBe(false);
    expect(isMetricsRequestAuthorized(`Bearer ${token}x`, token)).toBe(false);
    expect(isMetricsRequestAuthorized(`Basic ${token}`, token)).toBe(false);
    expect(isMetricsRequestAuthorized("Bearer ", token)).toBe(false);
  });
});
