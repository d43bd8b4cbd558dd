import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Forbidden, InvalidInput } from "@/lib/errors";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import { assignLicenseSeat, revealOwnSeatToken } from "@/lib/seats";
import { makeLicenseWithKey, makeUser, orgCtx, staffCtx, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { setEditionSeatTokens } from "./index";

const now = () => new Date("2026-11-23T12:00:00Z");
const why = { reason: "emails are too easy to type", reasonCategory: "security" as const };

describe("requiring seat tokens after an edition's creation (issue 18)", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  /** A named-user license with two members holding seats; the first has copied their seat token. */
  async function namedUserLicense() {
    const { db } = database;
    const made = await makeLicenseWithKey(db, secrets, { now });
    await db.update(t.editions).set({ seatModel: "user" }).where(eq(t.editions.id, made.license.editionId));
    const members = [await makeUser(db), await makeUser(db)];
    for (const member of members) {
      await db.insert(t.orgMembers).values({ orgId: made.org.id, userId: member.id, role: "member" });
      await assignLicenseSeat(
        made.ctx,
        { licenseId: made.license.id, email: member.email },
        { mailer: devMailboxMailer },
      );
    }
    const memberCtx = orgCtx(db, { orgId: made.org.id, user: members[0]!, role: "member", now });
    await revealOwnSeatToken(memberCtx, { licenseId: made.license.id }, secrets.hasher);
    const validateAs = (email: string) =>
      validateLicenseKey(
        db,
        { key: made.key.plaintext, user: email },
        { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
      );
    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    return { ...made, members, validateAs, admin };
  }

  it("turns the rule on for an existing edition, counts the seat holders without a token, and refuses email alone from then", async () => {
    const { db, license, members, validateAs, admin } = { db: database.db, ...(await namedUserLicense()) };
    expect(await validateAs(members[1]!.email)).toMatchObject({ valid: true, code: "VALID" });

    const turnedOn = await setEditionSeatTokens(admin, {
      editionId: license.editionId,
      requireSeatToken: true,
      ...why,
    });
    expect(turnedOn).toMatchObject({ edition: { requireSeatToken: true }, holdersWithoutToken: 1 });
    expect(await validateAs(members[1]!.email)).toMatchObject({ valid: false, code: "SEAT_NOT_ASSIGNED" });

    const [event] = await db
      .select()
      .from(t.auditEvents)
      .where(
        and(eq(t.auditEvents.action, "edition.seat_tokens_changed"), eq(t.auditEvents.subjectId, license.productId)),
      );
    expect(event).toMatchObject({
      reason: why.reason,
      data: { editionId: license.editionId, requireSeatToken: true, holdersWithoutToken: 1 },
    });

    await setEditionSeatTokens(admin, { editionId: license.editionId, requireSeatToken: false, ...why });
    expect(await validateAs(members[1]!.email)).toMatchObject({ valid: true, code: "VALID" });
  });

  it("refuses support, and a device edition with the field named, changing nothing", async () => {
    const { db } = database;
    const { license, admin } = await namedUserLicense();
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", now);
    await expect(
      setEditionSeatTokens(support, { editionId: license.editionId, requireSeatToken: true, ...why }),
    ).rejects.toBeInstanceOf(Forbidden);

    const device = await makeLicenseWithKey(db, secrets, { now });
    const refusal = await setEditionSeatTokens(admin, {
      editionId: device.license.editionId,
      requireSeatToken: true,
      ...why,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidInput);
    expect((refusal as InvalidInput).fieldErrors).toHaveProperty("requireSeatToken");
    const [edition] = await db.select().from(t.editions).where(eq(t.editions.id, device.license.editionId));
    expect(edition!.requireSeatToken).toBe(false);
  });
});
