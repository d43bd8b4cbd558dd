import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { changeLicenseSeats, resumeLicense, revokeLicense, suspendLicense } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { reissueLicenseKey } from "@/lib/rotation";
import { fixedNow, makeLicenseWithKey, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import {
  appendAuditEvent,
  auditEventsToCsv,
  collectAuditPages,
  listOrgAuditEvents,
  listStaffAuditEvents,
} from "./index";

const now = fixedNow("2026-11-23T12:00:00Z");
const deps = { mailer: devMailboxMailer, portalUrl: "https://portal.example" };

/**
 * DESIGN.md §4, issue 24 finding 4: a staff reason is an internal note (staff only) plus an
 * optional message to the customer. Each action is taken with marker strings in both parts; the
 * customer's Activity, CSV export and emails carry the message and never the note.
 */
describe("internal note and message to the customer", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const marker = (part: string) => `${part}-${randomUUID()}`;

  async function customerHandledBySupport() {
    const { db } = database;
    const customer = await makeLicenseWithKey(db, secrets, { now });
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", now);
    const notes: string[] = [];
    const messages: string[] = [];
    const reasons = (withMessage = true) => {
      const internal = marker("NOTE");
      notes.push(internal);
      const customerMessage = withMessage ? marker("MESSAGE") : undefined;
      if (customerMessage) messages.push(customerMessage);
      return { reason: `Fraud team: ${internal}`, reasonCategory: "billing" as const, customerMessage };
    };
    const licenseId = customer.license.id;
    await suspendLicense(staff, { licenseId, ...reasons() }, deps);
    await resumeLicense(staff, { licenseId, ...reasons(false) }, deps);
    await reissueLicenseKey(staff, { licenseId, overlapMinutes: 24 * 60, ...reasons() }, { ...deps, secrets });
    await changeLicenseSeats(staff, { licenseId, seats: 5, ...reasons() }, deps);
    await revokeLicense(staff, { licenseId, isEmergency: true, reasonCode: "unspecified", ...reasons() }, deps);
    return { ...customer, staff, notes, messages };
  }

  it("shows the customer support's message and never the internal note: Activity, CSV export and emails", async () => {
    const { db } = database;
    const { ctx, org, staff, notes, messages } = await customerHandledBySupport();

    const activity = await collectAuditPages((before) => listOrgAuditEvents(ctx, { before, limit: 1000 }));
    const csv = auditEventsToCsv(activity);
    const outbox = await db.select({ payload: t.outbox.payload }).from(t.outbox).where(eq(t.outbox.orgId, org.id));
    const seenByCustomer = [JSON.stringify(activity), csv, JSON.stringify(outbox)];

    expect(outbox.length).toBeGreaterThan(0);
    for (const text of seenByCustomer) for (const note of notes) expect(text).not.toContain(note);
    for (const message of messages) {
      expect(JSON.stringify(activity)).toContain(message);
      expect(csv).toContain(message);
    }
    expect(JSON.stringify(outbox)).toContain(messages[0]);
    expect(activity.find((event) => event.action === "license.resumed")?.reason).toBeNull();

    const staffView = await listStaffAuditEvents(staff, { orgId: org.id, limit: 1000 });
    const suspended = staffView.events.find((event) => event.action === "license.suspended")!;
    expect(suspended.reason).toContain(notes[0]);
    expect(suspended.customerMessage).toBe(messages[0]);
  });

  it("hides a staff reason recorded before it had two parts, and leaves the customer's own reasons to them", async () => {
    const { db } = database;
    const { ctx, org, license, user } = await makeLicenseWithKey(db, secrets, { now });
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", now);
    const oldNote = marker("OLD-NOTE");
    await db.transaction((tx) =>
      appendAuditEvent(tx, {
        actor: staff.actor,
        at: now(),
        orgId: org.id,
        action: "license.suspended",
        subjectType: "license",
        subjectId: license.id,
        reason: oldNote,
        data: { reasonCategory: "security" },
      }),
    );
    const ownReason = marker("OWN");
    await revokeLicense(ctx, { licenseId: license.id, reason: ownReason }, deps);

    const activity = await listOrgAuditEvents(ctx, { limit: 100 });
    expect(JSON.stringify(activity)).not.toContain(oldNote);
    expect(activity.events.find((event) => event.actorLabel === user.email)?.reason).toBe(ownReason);
  });
});
