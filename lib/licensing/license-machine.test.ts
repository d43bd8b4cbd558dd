import { describe, expect, it } from "vitest";
import { Conflict, Forbidden, PolicyViolation } from "@/lib/errors";
import { assertAction, availableActions, refusalOf, type Viewer } from "@/lib/state-machine";
import { deviceMachine } from "@/lib/devices/device-transitions";
import { licenseMachine, type LicenseStatus } from "./license-transitions";

const owner: Viewer = { type: "customer", role: "owner" };
const member: Viewer = { type: "customer", role: "member" };
const support: Viewer = { type: "staff", role: "support" };
const actionsOf = (status: LicenseStatus, viewer: Viewer) =>
  [...availableActions(licenseMachine, { status }, viewer)].sort();

describe("license machine", () => {
  it("lets an owner, not a member, change rotation settings, and only while the license works; anyone may postpone", () => {
    expect(actionsOf("active", owner)).toEqual(expect.arrayContaining(["changeRotationSettings", "postponeRotation"]));
    expect(actionsOf("active", member)).toContain("postponeRotation");
    expect(refusalOf(licenseMachine, "changeRotationSettings", { status: "active" }, member)).toMatch(
      /^Only an owner of your organization/,
    );
    expect(refusalOf(licenseMachine, "changeRotationSettings", { status: "suspended" }, owner)).toBe(
      "Rotation settings apply to active licenses; this one is suspended.",
    );
    expect(refusalOf(licenseMachine, "changeRotationSettings", { status: "active" }, owner)).toBeNull();
  });

  it("offers an inactive device only Reactivate: it holds no seat to free", () => {
    expect([...availableActions(deviceMachine, { status: "inactive" }, owner)]).toEqual(["reactivate"]);
    expect([...availableActions(deviceMachine, { status: "active" }, owner)]).toEqual(["deactivate"]);
  });

  it("offers a member of the organisation no control a member cannot use", () => {
    expect(actionsOf("revoking", member)).not.toContain("undoRevocation");
    expect(actionsOf("active", member)).not.toContain("revoke");
    expect(actionsOf("revoking", owner)).toContain("undoRevocation");
    expect(actionsOf("active", owner)).toContain("revoke");
  });

  it("offers support the lifecycle actions that fit the status, and nothing on a revoked license", () => {
    expect(actionsOf("active", support)).toEqual(
      expect.arrayContaining(["suspend", "revoke", "extendExpiry", "changeEdition", "changeSeats", "reissueKey"]),
    );
    expect(actionsOf("active", support)).not.toContain("resume");
    expect(actionsOf("suspended", support)).toEqual(expect.arrayContaining(["resume", "revoke"]));
    expect(actionsOf("revoking", support)).toEqual(
      expect.arrayContaining(["undoRevocation", "revokeNow", "changeSeats"]),
    );
    expect(actionsOf("revoking", support)).not.toContain("extendExpiry");
    expect(actionsOf("revoked", support)).toEqual([]);
  });

  it("refuses with the action's own sentence: a state conflict, a policy for live-only work, Forbidden for the wrong person", () => {
    expect(() => assertAction(licenseMachine, "suspend", { status: "suspended" }, support)).toThrow(Conflict);
    expect(() => assertAction(licenseMachine, "rotateKey", { status: "expired" }, member)).toThrow(
      new PolicyViolation("Only an active license can rotate its key; this one is expired."),
    );
    expect(() => assertAction(licenseMachine, "changeSeats", { status: "revoked" }, support)).toThrow(Conflict);
    expect(() => assertAction(licenseMachine, "undoRevocation", { status: "revoking" }, member)).toThrow(Forbidden);
    expect(() => assertAction(licenseMachine, "revokeNow", { status: "active" }, owner)).toThrow(
      new Forbidden("Only support can revoke a license without the undo window."),
    );
  });
});
