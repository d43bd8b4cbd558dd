import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Forbidden } from "@/lib/errors";
import { setKeyActionDelegation } from "@/lib/orgs";
import { fixedNow, makeRotatingLicense, makeUser, orgCtx, testSecrets } from "@/testing/factories";
import { emergencyRotate, keyActionsFor, OWNER_ONLY_KEY_ACTIONS_RULE, rollbackRotation } from "./index";
import { rotateNow } from "./rotate-now";

/** Issue 24, finding 8: key actions that stop a working key are an owner's, unless an owner delegates them. */
describe("who may replace a leaked key or roll back a rotation", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow();

  /** An owner's license in its overlap (so it can be rolled back) and a member of the same organisation. */
  async function organisationWithMember() {
    const made = await makeRotatingLicense(database.db, secrets, { now, cadenceDays: null });
    const member = await makeUser(database.db);
    await database.db.insert(t.orgMembers).values({ orgId: made.org.id, userId: member.id, role: "member" });
    await rotateNow(made.ctx, { licenseId: made.license.id, overlapMinutes: 60 }, { secrets });
    return { ...made, memberCtx: orgCtx(database.db, { orgId: made.org.id, user: member, role: "member", now }) };
  }

  const keyStates = async (licenseId: string) =>
    (
      await database.db
        .select({ state: t.licenseKeys.state })
        .from(t.licenseKeys)
        .where(eq(t.licenseKeys.licenseId, licenseId))
    )
      .map((key) => key.state)
      .sort();

  it("refuses a member both actions by default, naming the rule, and changes no key", async () => {
    const { license, memberCtx } = await organisationWithMember();
    const before = await keyStates(license.id);
    expect(await keyActionsFor(memberCtx)).toEqual({ mayStopWorkingKeys: false });
    await expect(emergencyRotate(memberCtx, { licenseId: license.id, reason: "leaked" }, { secrets })).rejects.toThrow(
      Forbidden,
    );
    await expect(
      rollbackRotation(memberCtx, { licenseId: license.id, reason: "installer broke" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", userMessage: OWNER_ONLY_KEY_ACTIONS_RULE });
    expect(await keyStates(license.id)).toEqual(before);
  });

  it("lets an owner roll back and replace a leaked key without any delegation", async () => {
    const { license, ctx } = await organisationWithMember();
    expect(await keyActionsFor(ctx)).toEqual({ mayStopWorkingKeys: true });
    await rollbackRotation(ctx, { licenseId: license.id, reason: "installer broke" });
    expect((await emergencyRotate(ctx, { licenseId: license.id, reason: "leaked" }, { secrets })).kind).toBe(
      "emergency",
    );
  });

  it("lets a member take both actions once an owner allows it (audited), and refuses again once withdrawn", async () => {
    const { org, license, ctx, memberCtx } = await organisationWithMember();
    await setKeyActionDelegation(ctx, { membersMayManageKeys: true });
    expect(await keyActionsFor(memberCtx)).toEqual({ mayStopWorkingKeys: true });
    await rollbackRotation(memberCtx, { licenseId: license.id, reason: "installer broke" });
    expect((await emergencyRotate(memberCtx, { licenseId: license.id, reason: "leaked" }, { secrets })).kind).toBe(
      "emergency",
    );

    await setKeyActionDelegation(ctx, { membersMayManageKeys: false });
    await expect(
      emergencyRotate(memberCtx, { licenseId: license.id, reason: "leaked again" }, { secrets }),
    ).rejects.toThrow(Forbidden);
    const changes = await database.db
      .select({ data: t.auditEvents.data })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.orgId, org.id), eq(t.auditEvents.action, "org.key_action_delegation_changed")));
    expect(changes.map((event) => event.data)).toEqual([
      { membersMayManageKeys: true },
      { membersMayManageKeys: false },
    ]);
  });

  it("does not let a member delegate to themselves", async () => {
    const { memberCtx } = await organisationWithMember();
    await expect(setKeyActionDelegation(memberCtx, { membersMayManageKeys: true })).rejects.toThrow(Forbidden);
    expect(await keyActionsFor(memberCtx)).toEqual({ mayStopWorkingKeys: false });
  });
});
