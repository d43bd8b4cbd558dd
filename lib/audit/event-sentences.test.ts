import { describe, expect, expectTypeOf, it } from "vitest";
import { approvalStatus, bulkRotationState, licenseKeyState, rotationState, signingKeyState } from "@/lib/db/schema";
import type { AuditEventInput } from "./append-audit-event";
import { AUDIT_EVENT_SENTENCES, type AuditAction, describeAuditEvent, sentenceText } from "./event-sentences";

const alice = { actorType: "user", actorLabel: "alice@acme.test" };
const say = (action: string, data: Record<string, unknown> = {}, timeZone = "UTC") =>
  sentenceText(describeAuditEvent({ ...alice, action, data }), timeZone);

describe("audit event sentences", () => {
  it("gives every event a machine's transition writes a sentence", () => {
    const machines = {
      rotation: rotationState.enumValues,
      license_key: licenseKeyState.enumValues,
      signing_key: signingKeyState.enumValues,
      bulk_rotation: bulkRotationState.enumValues,
      approval: approvalStatus.enumValues,
    };
    const missing = Object.entries(machines)
      .flatMap(([prefix, states]) => states.map((state) => `${prefix}.${state}`))
      .filter((action) => !Object.hasOwn(AUDIT_EVENT_SENTENCES, action));
    expect(missing).toEqual([]);
  });

  it("accepts only event types with a sentence when an event is appended", () => {
    // The union of the table's keys is the list of event types: appending any other does not compile.
    expectTypeOf<AuditEventInput["action"]>().toEqualTypeOf<AuditAction>();
  });

  it("writes every event type as a sentence, never as its code", () => {
    for (const action of Object.keys(AUDIT_EVENT_SENTENCES)) {
      const sentence = say(action);
      expect(sentence, action).not.toContain(action);
      expect(sentence, action).not.toMatch(/undefined|null|\[object|NaN|[a-z]+_[a-z]+\./);
      expect(sentence.length, action).toBeGreaterThan(10);
    }
  });

  it("says until when the old key keeps working, in the viewer's own zone", () => {
    const data = { prefix: "RK-7F3Q", retiresAt: "2026-12-15T01:00:00.000Z" };
    expect(say("license_key.retiring", data, "Europe/Berlin")).toBe(
      "alice@acme.test replaced key RK-7F3Q; the old key keeps working until 15 Dec 2026, 02:00 CET",
    );
    expect(say("license_key.retiring", data, "Asia/Kolkata")).toContain("until 15 Dec 2026, 06:30 GMT+5:30");
  });

  it("leaves out a time the event does not carry instead of writing a placeholder", () => {
    expect(say("rotation.overlapping")).toBe("alice@acme.test rotated the key; the old key keeps working");
  });

  it("names the worker as Rekey and client software as such", () => {
    const rekey = describeAuditEvent({
      actorType: "system",
      actorLabel: "system:worker",
      action: "rotation.completed",
      data: {},
    });
    expect(sentenceText(rekey, "UTC")).toBe("Rekey completed the key rotation; only the new key works now");
    const client = describeAuditEvent({
      actorType: "api",
      actorLabel: "api:validate",
      action: "device.activated",
      data: { name: "Build agent" },
    });
    expect(sentenceText(client, "UTC")).toBe("Client software activated device “Build agent”");
  });

  it("still reads an event type from an older version instead of failing", () => {
    expect(say("license.transferred_out")).toBe("alice@acme.test: license transferred out");
  });
});
