import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { findLicenseTransferAllowance, waiveDeviceTransfers } from "@/lib/devices";
import { Forbidden, InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import { changeLicenseSeats, validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { makeLicense, makeLicenseWithKey, makeOrg, makeUser, orgCtx, staffCtx } from "@/testing/factories";
import type { HolderCtx } from "@/lib/context";
import {
  assignLicenseSeat,
  holdsAnyLicense,
  listHeldLicenses,
  listLicenseSeats,
  loadHeldLicenseView,
  openHeldLicense,
  revealOwnSeatToken,
  unassignLicenseSeat,
} from "./index";

const START = "2026-11-23T12:00:00Z";
const DAY_MS = 86_400_000;
const mail = { mailer: devMailboxMailer };

describe("named-user seats (issue 18)", () => {
  const testbed = useDeviceTestbed(() => new Date(START));
  const { secrets } = testbed;
  const now = () => new Date(START);

  /**
   * A license of `seats` seats on a named-user edition allowing `maxDeviceTransfers` seat moves per
   * 30 days (null: unlimited), its owner, and `memberCount` members; `requireSeatToken` as the edition's.
   */
  async function namedUserCustomer({
    seats = 2,
    memberCount = 3,
    maxDeviceTransfers = null as number | null,
    requireSeatToken = false,
  } = {}) {
    let at = Date.parse(START);
    const now = () => new Date(at);
    const made = await makeLicenseWithKey(testbed.db, secrets, { now, seats });
    await testbed.db
      .update(t.editions)
      .set({ seatModel: "user", maxDeviceTransfers, deviceTransferPeriodDays: 30, requireSeatToken })
      .where(eq(t.editions.id, made.license.editionId));
    const members = [];
    for (let index = 0; index < memberCount; index++) {
      const user = await makeUser(testbed.db);
      await testbed.db.insert(t.orgMembers).values({ orgId: made.org.id, userId: user.id, role: "member" });
      members.push(user);
    }
    const validate = (user?: string, userToken?: string) =>
      validateLicenseKey(
        testbed.db,
        { key: made.key.plaintext, user, userToken },
        { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
      );
    const assign = (email: string) => assignLicenseSeat(made.ctx, { licenseId: made.license.id, email }, mail);
    const reassignmentsOf = (license: { id: string; editionId: string }) =>
      findLicenseTransferAllowance(testbed.db, { licenseId: license.id, editionId: license.editionId, now: now() });
    const unassign = (userId: string) => unassignLicenseSeat(made.ctx, { licenseId: made.license.id, userId });
    /** The seat token a member copies from the Seats page, signed in as themselves. */
    const tokenOf = async (member: Awaited<ReturnType<typeof makeUser>>) => {
      const memberCtx = orgCtx(testbed.db, { orgId: made.org.id, user: member, role: "member", now });
      return (await revealOwnSeatToken(memberCtx, { licenseId: made.license.id }, secrets.hasher)).token;
    };
    return {
      ...made,
      now,
      members,
      validate,
      assign,
      unassign,
      tokenOf,
      reassignmentsOf,
      advanceDays: (days: number) => (at += days * DAY_MS),
    };
  }

  it("answers VALID for an assigned member named by email, whatever its case, and names the seat model", async () => {
    const { license, members, validate, assign } = await namedUserCustomer();
    expect(await assign(members[0]!.email.toUpperCase())).toEqual({ email: members[0]!.email, isNew: true });
    expect(await validate(members[0]!.email.toUpperCase())).toMatchObject({
      valid: true,
      code: "VALID",
      license: { id: license.id, seatModel: "user" },
    });
  });

  it("refuses a user without a seat with SEAT_NOT_ASSIGNED while a seat is free, and TOO_MANY_USERS once all are assigned", async () => {
    const { members, validate, assign } = await namedUserCustomer({ seats: 2 });
    await assign(members[0]!.email);
    expect(await validate(members[1]!.email)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
    expect(await validate()).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
    await assign(members[1]!.email);
    const full = await validate(members[2]!.email);
    expect(full).toMatchObject({ valid: false, code: "TOO_MANY_USERS" });
    expect(full.detail).toContain("All 2 seats");
  });

  it("never assigns more people than seats, and says so", async () => {
    const { members, assign } = await namedUserCustomer({ seats: 1 });
    await assign(members[0]!.email);
    expect(await assign(members[0]!.email)).toMatchObject({ isNew: false });
    await expect(assign(members[1]!.email)).rejects.toThrow(PolicyViolation);
  });

  it("gives the last seat to exactly one of several owners assigning at once", async () => {
    const { license, members, assign } = await namedUserCustomer({ seats: 1, memberCount: 4 });
    const outcomes = await Promise.allSettled(members.map((member) => assign(member.email)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(
      (
        await testbed.db
          .select()
          .from(t.licenseSeatAssignments)
          .where(eq(t.licenseSeatAssignments.licenseId, license.id))
      ).length,
    ).toBe(1);
  });

  describe("seats for people outside the organization (issue 18)", () => {
    const holderCtx = (user: { id: string; email: string }, licenseScopeId: string | null = null): HolderCtx => ({
      db: testbed.db,
      now,
      actor: { type: "user", userId: user.id, email: user.email },
      licenseScopeId,
    });
    const userByEmail = (email: string) =>
      testbed.db.query.users.findFirst({ where: (users, { eq: is }) => is(users.email, email) });

    it("gives a seat to an email Rekey has never seen: an account without a membership, holding the seat until it is unassigned", async () => {
      const { license, validate, assign, unassign } = await namedUserCustomer();
      expect(await assign("New.Person@Outside.example")).toEqual({ email: "new.person@outside.example", isNew: true });
      const outsider = (await userByEmail("new.person@outside.example"))!;
      const memberships = await testbed.db.select().from(t.orgMembers).where(eq(t.orgMembers.userId, outsider.id));
      expect(memberships).toEqual([]);
      expect(await validate("new.person@outside.example")).toMatchObject({ valid: true, code: "VALID" });
      expect((await listHeldLicenses(holderCtx(outsider))).map((held) => held.id)).toEqual([license.id]);
      expect(await holdsAnyLicense(holderCtx(outsider))).toBe(true);
      await unassign(outsider.id);
      expect(await validate("new.person@outside.example")).toMatchObject({ code: "SEAT_NOT_ASSIGNED" });
      expect(await listHeldLicenses(holderCtx(outsider))).toEqual([]);
      expect(await holdsAnyLicense(holderCtx(outsider))).toBe(false);
      await expect(openHeldLicense(holderCtx(outsider), license.id)).rejects.toBeInstanceOf(NotFound);
    });

    it("counts a member of another organization as an outside holder, whose seat outlives any membership", async () => {
      const { ctx, license, validate, assign } = await namedUserCustomer();
      const elsewhere = await makeOrg(testbed.db);
      await assign(elsewhere.user.email);
      await testbed.db.delete(t.orgMembers).where(eq(t.orgMembers.userId, elsewhere.user.id));
      expect(await validate(elsewhere.user.email)).toMatchObject({ code: "VALID" });
      expect(await listLicenseSeats(ctx, license.id)).toMatchObject({
        holders: [expect.objectContaining({ email: elsewhere.user.email })],
      });
    });

    it("refuses the vendor's staff with a field error on the email", async () => {
      const { assign } = await namedUserCustomer();
      const staff = await makeUser(testbed.db, { staffRole: "support" });
      const refusal = await assign(staff.email).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(InvalidInput);
      expect((refusal as InvalidInput).fieldErrors).toHaveProperty("email");
    });

    it("opens to a holder only the licenses they hold a seat of: the organization's other licenses are a 404", async () => {
      const { org, license, assign } = await namedUserCustomer();
      await assign("only-one@outside.example");
      const outsider = (await userByEmail("only-one@outside.example"))!;
      const sibling = await makeLicense(testbed.db, org.id);
      await expect(openHeldLicense(holderCtx(outsider), license.id)).resolves.toMatchObject({ orgId: org.id });
      await expect(openHeldLicense(holderCtx(outsider), sibling.id)).rejects.toBeInstanceOf(NotFound);
      const view = await loadHeldLicenseView(await openHeldLicense(holderCtx(outsider), license.id), license.id, {
        session: { signedInAt: now(), secondFactor: { isEnrolled: false, isVerified: false } },
      });
      expect(view).toMatchObject({ holdsSeat: true, keyBlock: null, mayDownloadLicenseFile: true });
      expect(view.license).not.toHaveProperty("orgId");
    });

    it("lets the holder reveal their own seat token through the holder context, and it validates", async () => {
      const { license, validate, assign } = await namedUserCustomer({ requireSeatToken: true });
      await assign("token-holder@outside.example");
      const outsider = (await userByEmail("token-holder@outside.example"))!;
      const ctx = await openHeldLicense(holderCtx(outsider), license.id);
      const { token } = await revealOwnSeatToken(ctx, { licenseId: license.id }, secrets.hasher);
      expect(await validate(undefined, token)).toMatchObject({ valid: true, code: "VALID" });
    });
  });

  it("lets only owners assign and unassign, and another organization's owner finds no such license", async () => {
    const { license, org, members } = await namedUserCustomer();
    const member = orgCtx(testbed.db, { orgId: org.id, user: members[0]!, role: "member", now });
    await expect(assignLicenseSeat(member, { licenseId: license.id, email: members[0]!.email }, mail)).rejects.toThrow(
      Forbidden,
    );
    const other = await makeOrg(testbed.db);
    const otherOwner = orgCtx(testbed.db, { orgId: other.org.id, user: other.user, now });
    await expect(
      assignLicenseSeat(otherOwner, { licenseId: license.id, email: members[0]!.email }, mail),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(listLicenseSeats(otherOwner, license.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("frees a seat on unassignment (audited) and when its person leaves the organization", async () => {
    const { ctx, license, org, members, validate, assign } = await namedUserCustomer({ seats: 2 });
    await assign(members[0]!.email);
    await assign(members[1]!.email);
    await unassignLicenseSeat(ctx, { licenseId: license.id, userId: members[0]!.id });
    expect(await validate(members[0]!.email)).toMatchObject({ code: "SEAT_NOT_ASSIGNED" });

    await testbed.db
      .delete(t.orgMembers)
      .where(and(eq(t.orgMembers.orgId, org.id), eq(t.orgMembers.userId, members[1]!.id)));
    expect(await validate(members[1]!.email)).toMatchObject({ code: "SEAT_NOT_ASSIGNED" });
    expect(await listLicenseSeats(ctx, license.id)).toEqual({ seats: 2, holders: [] });

    const actions = await testbed.db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.subjectId, license.id));
    expect(actions.map((event) => event.action)).toEqual(
      expect.arrayContaining(["license_seat.assigned", "license_seat.unassigned"]),
    );
  });

  it("shows no named seats for a license counting devices, and refuses to assign on it", async () => {
    const made = await makeLicenseWithKey(testbed.db, secrets, { now });
    expect(await listLicenseSeats(made.ctx, made.license.id)).toBeNull();
    await expect(
      assignLicenseSeat(made.ctx, { licenseId: made.license.id, email: made.user.email }, mail),
    ).rejects.toThrow(PolicyViolation);
  });

  it("emails the person assigned a seat, once, with a link to the license's seats", async () => {
    const { license, members, assign } = await namedUserCustomer();
    await assign(members[0]!.email);
    await assign(members[0]!.email);
    const sent = await testbed.db
      .select({ payload: t.outbox.payload })
      .from(t.outbox)
      .where(and(eq(t.outbox.kind, "email"), like(t.outbox.dedupeKey, `seat-assigned:${license.id}:%`)));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      to: members[0]!.email,
      subject: expect.stringContaining("You have a seat of"),
    });
    expect(JSON.stringify(sent[0]!.payload)).toContain(`/held/${license.id}`);
  });

  it("counts giving a seat another person held against the edition's limit, refuses past it in words, and frees it as the period passes", async () => {
    const { ctx, license, members, assign, unassign, advanceDays, reassignmentsOf } = await namedUserCustomer({
      seats: 1,
      memberCount: 3,
      maxDeviceTransfers: 1,
    });
    await assign(members[0]!.email);
    expect(await reassignmentsOf(license)).toMatchObject({ movesTo: "person", used: 0, left: 1 });
    await unassign(members[0]!.id);
    await assign(members[1]!.email);
    expect(await reassignmentsOf(license)).toMatchObject({ used: 1, left: 0 });
    await unassign(members[1]!.id);
    const refusal = await assign(members[2]!.email).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PolicyViolation);
    expect((refusal as PolicyViolation).userMessage).toContain("may move to another person 1 times in 30 days");
    expect(await listLicenseSeats(ctx, license.id)).toMatchObject({ holders: [] });

    advanceDays(31);
    await expect(assign(members[2]!.email)).resolves.toMatchObject({ isNew: true });
  });

  it("lets exactly one of several people take a freed seat when one reassignment is left", async () => {
    const { license, members, assign, unassign } = await namedUserCustomer({
      seats: 2,
      memberCount: 6,
      maxDeviceTransfers: 1,
    });
    await assign(members[0]!.email);
    await assign(members[1]!.email);
    await unassign(members[0]!.id);
    await unassign(members[1]!.id);
    const outcomes = await Promise.allSettled(members.slice(2).map((member) => assign(member.email)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const grants = await testbed.db
      .select()
      .from(t.licenseSeatGrants)
      .where(and(eq(t.licenseSeatGrants.licenseId, license.id), eq(t.licenseSeatGrants.isReassignment, true)));
    expect(grants).toHaveLength(1);
  });

  it("lets support waive the counted reassignments with a reason, which gives the full allowance back", async () => {
    const { license, members, assign, unassign, now, reassignmentsOf } = await namedUserCustomer({
      seats: 1,
      memberCount: 3,
      maxDeviceTransfers: 1,
    });
    await assign(members[0]!.email);
    await unassign(members[0]!.id);
    await assign(members[1]!.email);
    await unassign(members[1]!.id);
    await expect(assign(members[2]!.email)).rejects.toThrow(PolicyViolation);
    const support = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }), "support", now);
    expect(
      await waiveDeviceTransfers(support, {
        licenseId: license.id,
        reason: "Team reorganised twice this month",
        reasonCategory: "customer_request",
      }),
    ).toEqual({ waived: 1 });
    expect(await reassignmentsOf(license)).toMatchObject({ used: 0, left: 1 });
    await expect(assign(members[2]!.email)).resolves.toMatchObject({ isNew: true });
  });

  it("refuses support lowering the seats below the people assigned, with a field error naming them", async () => {
    const { license, members, assign, now } = await namedUserCustomer({ seats: 3 });
    await assign(members[0]!.email);
    await assign(members[1]!.email);
    const support = staffCtx(testbed.db, await makeUser(testbed.db, { staffRole: "support" }), "support", now);
    const change = (seats: number) =>
      changeLicenseSeats(
        support,
        { licenseId: license.id, seats, reason: "Customer asked", reasonCategory: "customer_request" },
        { mailer: devMailboxMailer, portalUrl: "https://portal.example" },
      );
    const refusal = await change(1).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidInput);
    expect((refusal as InvalidInput).fieldErrors.seats?.[0]).toContain("2 people hold a seat");
    const [unchanged] = await testbed.db.select().from(t.licenses).where(eq(t.licenses.id, license.id));
    expect(unchanged!.seats).toBe(3);
    await expect(change(2)).resolves.toMatchObject({ seats: 2 });
  });

  describe("seat tokens (validation names the user by a token the seat holder copied, not their word)", () => {
    it("answers VALID for the holder's token and refuses a bare email where the edition requires a token", async () => {
      const { members, validate, assign, tokenOf } = await namedUserCustomer({ requireSeatToken: true });
      await assign(members[0]!.email);
      const token = await tokenOf(members[0]!);
      expect(await validate(undefined, token)).toMatchObject({ valid: true, code: "VALID" });
      expect(await validate(members[0]!.email)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
    });

    it("lets a token name the user on editions that still accept emails, and a wrong token names nobody whatever the email", async () => {
      const { members, validate, assign, tokenOf } = await namedUserCustomer();
      await assign(members[0]!.email);
      await assign(members[1]!.email);
      expect(await validate(members[0]!.email)).toMatchObject({ code: "VALID" });
      expect(await validate(undefined, await tokenOf(members[1]!))).toMatchObject({ code: "VALID" });
      const forged = `rks1.${members[0]!.id}.${"0".repeat(64)}`;
      expect(await validate(members[0]!.email, forged)).toMatchObject({ valid: false, code: "TOO_MANY_USERS" });
    });

    it("stops an old token once its seat is taken back, even when the same person gets a seat again", async () => {
      const { license, members, validate, assign, unassign, tokenOf } = await namedUserCustomer({
        requireSeatToken: true,
      });
      await assign(members[0]!.email);
      const before = await tokenOf(members[0]!);
      await unassign(members[0]!.id);
      expect(await validate(undefined, before)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
      await assign(members[0]!.email);
      expect(await validate(undefined, before)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });
      expect(await validate(undefined, await tokenOf(members[0]!))).toMatchObject({ code: "VALID" });
      const trail = await testbed.db
        .select({ action: t.auditEvents.action })
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.subjectId, license.id), eq(t.auditEvents.action, "license_seat.token_revealed")));
      expect(trail).toHaveLength(2);
    });

    it("does not accept a person's token of one license on another license whose seat they also hold", async () => {
      const first = await namedUserCustomer({ requireSeatToken: true });
      const second = await namedUserCustomer({ requireSeatToken: true });
      const person = first.members[0]!;
      await testbed.db.insert(t.orgMembers).values({ orgId: second.org.id, userId: person.id, role: "member" });
      await first.assign(person.email);
      await second.assign(person.email);
      expect(await second.validate(undefined, await second.tokenOf(person))).toMatchObject({ code: "VALID" });
      expect(await second.validate(undefined, await first.tokenOf(person))).toMatchObject({
        valid: false,
        code: "SEAT_NOT_ASSIGNED",
      });
    });

    it("gives a token only to the person holding the seat, not to an owner or another organization", async () => {
      const { ctx, license, members, assign, tokenOf } = await namedUserCustomer();
      await assign(members[0]!.email);
      await expect(tokenOf(members[1]!)).rejects.toBeInstanceOf(NotFound);
      await expect(revealOwnSeatToken(ctx, { licenseId: license.id }, secrets.hasher)).rejects.toBeInstanceOf(NotFound);
      const other = await makeOrg(testbed.db);
      const otherOwner = orgCtx(testbed.db, { orgId: other.org.id, user: other.user, now });
      await expect(revealOwnSeatToken(otherOwner, { licenseId: license.id }, secrets.hasher)).rejects.toBeInstanceOf(
        NotFound,
      );
    });
  });
});
