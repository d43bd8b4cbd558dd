import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import type { HolderCtx } from "@/lib/context";
import { InvalidInput, NotFound } from "@/lib/errors";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { assignLicenseSeat, holdsAnyLicense, listHeldLicenses, openHeldLicense } from "@/lib/seats";
import { makeLicense, makeLicenseWithKey, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import {
  completeLicenseKeySignIn,
  requestLicenseKeySignIn,
  SIGN_IN_CODE_ATTEMPTS,
  SIGN_IN_CODE_MINUTES,
} from "./index";

const START = Date.parse("2026-11-23T12:00:00Z");
const secrets = testSecrets();

describe("sign-in by license key (issue 20)", () => {
  const database = useTestDatabase();
  let at = START;
  const now = () => new Date(at);

  /** A single-seat license with its key, its organization's owner, and a second license of the same organization. */
  async function singleUserLicense({ seats = 1 } = {}) {
    at = START;
    const made = await makeLicenseWithKey(database.db, secrets, { now, seats });
    const sibling = await makeLicense(database.db, made.org.id);
    let nextCode = "123456";
    const deps = {
      hasher: secrets.hasher,
      mailer: devMailboxMailer,
      signInPageUrl: "https://portal.example/signin/license-key",
      generateCode: () => nextCode,
    };
    return {
      ...made,
      sibling,
      setNextCode: (code: string) => (nextCode = code),
      request: (email: string, key = made.key.plaintext) =>
        requestLicenseKeySignIn(database.db, now(), { key, email }, deps),
      complete: (email: string, code: string) =>
        completeLicenseKeySignIn(database.db, now(), { email, code }, { hasher: secrets.hasher }),
    };
  }

  const codesOf = (licenseId: string) =>
    database.db.select().from(t.licenseKeySignInCodes).where(eq(t.licenseKeySignInCodes.licenseId, licenseId));
  const auditOf = async (licenseId: string) =>
    (
      await database.db
        .select({ action: t.auditEvents.action })
        .from(t.auditEvents)
        .where(eq(t.auditEvents.subjectId, licenseId))
    )
      .map((event) => event.action)
      .filter((action) => action.startsWith("license_key_sign_in."));
  const scoped = (user: { id: string; email: string }, licenseScopeId: string): HolderCtx => ({
    db: database.db,
    now,
    actor: { type: "user", userId: user.id, email: user.email },
    licenseScopeId,
  });

  it("emails the owner a code whose session opens that one license and nothing else of the organization", async () => {
    const { user, license, sibling, request, complete } = await singleUserLicense();
    await request(user.email.toUpperCase());
    const [mail] = await listMailbox(database.db, { to: user.email });
    expect(mail?.message).toMatchObject({
      template: "license-key-sign-in",
      props: { code: "123456", expiresInMinutes: SIGN_IN_CODE_MINUTES },
    });
    const session = await complete(user.email, "123456");
    expect(session.licenseId).toBe(license.id);
    const [row] = await database.db.select().from(t.sessions).where(eq(t.sessions.sessionToken, session.sessionToken));
    expect(row).toMatchObject({ userId: user.id, licenseScopeId: license.id });
    const ctx = scoped(user, license.id);
    expect((await listHeldLicenses(ctx)).map((held) => held.id)).toEqual([license.id]);
    expect(await holdsAnyLicense(ctx)).toBe(true);
    await expect(openHeldLicense(ctx, sibling.id)).rejects.toBeInstanceOf(NotFound);
    expect(await auditOf(license.id)).toEqual(["license_key_sign_in.requested", "license_key_sign_in.succeeded"]);
  });

  it("answers an unknown key, a team license and someone else's address alike: a note that nothing matched, no code kept", async () => {
    const { user, license, request } = await singleUserLicense();
    const team = await singleUserLicense({ seats: 5 });
    await request("stranger@elsewhere.example");
    await request(user.email, "RK-NOPE-NOPE-NOPE");
    await team.request(team.user.email);
    for (const to of ["stranger@elsewhere.example", user.email, team.user.email]) {
      const mails = await listMailbox(database.db, { to });
      expect(mails.map((mail) => mail.message.props)).toEqual([expect.objectContaining({ code: null })]);
    }
    expect(await codesOf(license.id)).toEqual([]);
    expect(await codesOf(team.license.id)).toEqual([]);
  });

  it("keeps only a keyed digest of the code", async () => {
    const { user, license, request } = await singleUserLicense();
    await request(user.email);
    const [stored] = await codesOf(license.id);
    expect(stored!.codeDigest).not.toContain("123456");
    expect(stored!.codeDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("counts each wrong code, audits it, and stops the code after its last try even when it is then right", async () => {
    const { user, license, request, complete } = await singleUserLicense();
    await request(user.email);
    for (let attempt = 0; attempt < SIGN_IN_CODE_ATTEMPTS; attempt++) {
      const refusal = await complete(user.email, "000000").catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(InvalidInput);
      expect((refusal as InvalidInput).fieldErrors).toHaveProperty("code");
    }
    await expect(complete(user.email, "123456")).rejects.toBeInstanceOf(InvalidInput);
    expect((await auditOf(license.id)).filter((action) => action.endsWith(".failed"))).toHaveLength(
      SIGN_IN_CODE_ATTEMPTS,
    );
  });

  it("refuses a code past its minutes, and a code used once already", async () => {
    const { user, request, complete } = await singleUserLicense();
    await request(user.email);
    at += SIGN_IN_CODE_MINUTES * 60_000 + 1;
    await expect(complete(user.email, "123456")).rejects.toBeInstanceOf(InvalidInput);
    await request(user.email);
    await complete(user.email, "123456");
    await expect(complete(user.email, "123456")).rejects.toBeInstanceOf(InvalidInput);
  });

  it("lets only the newest code work", async () => {
    const { user, request, complete, setNextCode } = await singleUserLicense();
    await request(user.email);
    setNextCode("654321");
    await request(user.email);
    await expect(complete(user.email, "123456")).rejects.toBeInstanceOf(InvalidInput);
    await expect(complete(user.email, "654321")).resolves.toMatchObject({ sessionToken: expect.any(String) });
  });

  it("signs in the outside holder of a single named-user seat, and not once their seat is taken back", async () => {
    const { ctx, license, request, complete } = await singleUserLicense();
    await database.db.update(t.editions).set({ seatModel: "user" }).where(eq(t.editions.id, license.editionId));
    await assignLicenseSeat(
      ctx,
      { licenseId: license.id, email: "solo@outside.example" },
      { mailer: devMailboxMailer },
    );
    await request("solo@outside.example");
    await expect(complete("solo@outside.example", "123456")).resolves.toMatchObject({ licenseId: license.id });
    await request("solo@outside.example");
    const holder = await database.db.query.users.findFirst({
      where: (users, { eq: is }) => is(users.email, "solo@outside.example"),
    });
    await database.db.delete(t.licenseSeatAssignments).where(eq(t.licenseSeatAssignments.userId, holder!.id));
    await expect(complete("solo@outside.example", "123456")).rejects.toBeInstanceOf(InvalidInput);
  });
});
