import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "@/testing/test-database";
import * as t from "@/lib/db/schema";
import { RateLimited } from "@/lib/errors";
import type { EmailMessage, Mailer } from "@/lib/notify";
import { retryFailedEmails } from "@/lib/notify";
import { fixedNow, makeSigner, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import {
  checkComponentHealth,
  confirmStatusSubscription,
  createIncident,
  createStatusSubscriptionLimiter,
  getStatusOverview,
  postIncidentUpdate,
  recordWorkerHeartbeat,
  subscribeToStatus,
  unsubscribeFromStatus,
  unsubscribeToken,
} from "./index";

const PORTAL = "https://portal.example";
const REASON = { reason: "Elevated API errors seen in monitoring", reasonCategory: "incident" } as const;

const confirmUrlIn = (email: EmailMessage | undefined) =>
  email?.template === "status-confirmation" ? email.props.confirmUrl : "";

function recordingMailer() {
  const sent: EmailMessage[] = [];
  const mailer: Mailer = { transport: "dev-mailbox", send: async (email) => void sent.push(email) };
  return { sent, mailer };
}

describe("public status: incidents, component health and subscriptions", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow("2026-11-23T12:00:00Z");
  const deps = { hasher: secrets.hasher, portalUrl: PORTAL };
  const publicCtx = () => ({ db: database.db, now, actor: { type: "system", label: "status-page" } as const });

  const limiter = () => createStatusSubscriptionLimiter(database.db);
  /** Each from an address of its own unless one is given: the per-address limit has its own test. */
  async function subscribe(email: string, mailer: Mailer, address = `address-${crypto.randomUUID()}`) {
    await subscribeToStatus(publicCtx(), { email, address }, { mailer, portalUrl: PORTAL, limiter: limiter() });
  }
  const subscriberRows = (email: string) =>
    database.db.select().from(t.statusSubscribers).where(eq(t.statusSubscribers.email, email));

  it("confirms a subscription only through the emailed link, and tells only confirmed subscribers about incident updates, through the outbox", async () => {
    const { sent, mailer } = recordingMailer();
    await subscribe("Ops@Customer.example", mailer);
    await expect(subscribe("ops@customer.example", mailer)).rejects.toBeInstanceOf(RateLimited);
    expect(sent).toHaveLength(1);
    const confirmUrl = confirmUrlIn(sent[0]);
    expect(confirmUrl).toMatch(/^https:\/\/portal\.example\/status\/confirm\?token=/);
    await subscribe("lurker@customer.example", mailer);

    const token = new URL(confirmUrl).searchParams.get("token")!;
    expect(await confirmStatusSubscription(publicCtx(), { token })).toEqual({ email: "ops@customer.example" });
    await expect(confirmStatusSubscription(publicCtx(), { token })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const support = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    const { incident, subscribersNotified } = await createIncident(
      support,
      {
        title: "Validation errors",
        impact: "major",
        components: ["api"],
        message: "Some validations fail with 503; we are investigating.",
        ...REASON,
      },
      deps,
    );
    expect(subscribersNotified).toBe(1);
    const later = staffCtx(
      database.db,
      { id: support.actor.userId, email: support.actor.email },
      "support",
      fixedNow("2026-11-23T12:40:00Z"),
    );
    await postIncidentUpdate(
      later,
      {
        incidentId: incident.id,
        state: "resolved",
        message: "A database failover caused it; all requests succeed again.",
        ...REASON,
      },
      deps,
    );
    await expect(
      postIncidentUpdate(
        later,
        {
          incidentId: incident.id,
          state: "monitoring",
          message: "Reopening after the fact is not allowed.",
          ...REASON,
        },
        deps,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    const queued = await database.db.select().from(t.outbox).where(eq(t.outbox.status, "pending"));
    const notices = queued.filter((row) => row.dedupeKey.startsWith("status-update:"));
    expect(notices).toHaveLength(2);
    expect(notices.map((row) => (row.payload as EmailMessage).to)).toEqual([
      "ops@customer.example",
      "ops@customer.example",
    ]);
    expect((notices[1]!.payload as EmailMessage).subject).toMatch(/\[(Investigating|Resolved)\] Validation errors/);

    await retryFailedEmails(database.db, mailer, { now: later.now() });
    expect(sent.filter((email) => email.subject.includes("Validation errors"))).toHaveLength(2);

    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, incident.id));
    expect(audit.map((event) => event.action)).toEqual(["status_incident.created", "status_incident.resolved"]);
    expect(audit[0]).toMatchObject({ reason: REASON.reason, data: { reasonCategory: "incident" } });

    const overview = await getStatusOverview(database.db, later.now());
    expect(overview.openIncidents).toHaveLength(0);
    expect(overview.recentIncidents[0]).toMatchObject({
      title: "Validation errors",
      state: "resolved",
      updates: [{ state: "resolved" }, { state: "investigating" }],
    });
  });

  it("refuses a sixth subscription from one client address within the hour, sending and storing nothing", async () => {
    const { sent, mailer } = recordingMailer();
    const address = `address-${crypto.randomUUID()}`;
    for (let i = 0; i < 5; i += 1) await subscribe(`team-${i}@spread.example`, mailer, address);
    const refusal = await subscribe("victim@spread.example", mailer, address).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimited);
    expect((refusal as RateLimited).userMessage).toMatch(
      /^Too many subscription requests from your network\. Try again in \d+ minutes\.$/,
    );
    expect(sent).toHaveLength(5);
    expect(await subscriberRows("victim@spread.example")).toEqual([]);
    await subscribe("victim@spread.example", mailer);
    expect(sent).toHaveLength(6);
  });

  it("sends one confirmation an hour to an email address, whichever client asks, and says so plainly", async () => {
    const { sent, mailer } = recordingMailer();
    await subscribe("flooded@target.example", mailer);
    const refusal = await subscribe("Flooded@Target.example", mailer).catch((error: unknown) => error);
    expect((refusal as RateLimited).userMessage).toMatch(
      /already sent a confirmation link to this address within the hour/,
    );
    expect(sent).toHaveLength(1);
    expect(await subscriberRows("flooded@target.example")).toHaveLength(1);
  });

  it("unsubscribes with the keyed link from the email and refuses a forged one", async () => {
    const { sent, mailer } = recordingMailer();
    await subscribe("leaving@customer.example", mailer);
    await confirmStatusSubscription(publicCtx(), { token: new URL(confirmUrlIn(sent[0])).searchParams.get("token")! });
    const [subscriber] = await database.db
      .select()
      .from(t.statusSubscribers)
      .where(eq(t.statusSubscribers.email, "leaving@customer.example"));

    await expect(
      unsubscribeFromStatus(publicCtx(), { subscriberId: subscriber!.id, token: "0".repeat(64) }, deps),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await unsubscribeFromStatus(
      publicCtx(),
      { subscriberId: subscriber!.id, token: unsubscribeToken(secrets.hasher, subscriber!.id) },
      deps,
    );
    await unsubscribeFromStatus(
      publicCtx(),
      { subscriberId: subscriber!.id, token: unsubscribeToken(secrets.hasher, subscriber!.id) },
      deps,
    );
    expect(
      await database.db.select().from(t.statusSubscribers).where(eq(t.statusSubscribers.id, subscriber!.id)),
    ).toHaveLength(0);
  });

  it("reports the worker down without a heartbeat, operational after one, degraded when it goes quiet, and signing down without active keys", async () => {
    const before = await checkComponentHealth(database.db, now());
    expect(before.find((component) => component.key === "database")?.health).toBe("operational");
    await recordWorkerHeartbeat(database.db, now());
    expect(
      (await checkComponentHealth(database.db, now())).find((component) => component.key === "worker")?.health,
    ).toBe("operational");
    const later = new Date(now().getTime() + 5 * 60_000);
    expect(
      (await checkComponentHealth(database.db, later)).find((component) => component.key === "worker")?.health,
    ).toBe("degraded");

    expect(before.find((component) => component.key === "signing")?.health).toBe("down");
    await makeSigner(database.db, secrets, now);
    expect(
      (await checkComponentHealth(database.db, now())).find((component) => component.key === "signing")?.health,
    ).toBe("operational");
  });
});
