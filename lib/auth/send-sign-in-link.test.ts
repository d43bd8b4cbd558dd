import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { eq } from "drizzle-orm";
import { editions } from "@/lib/db/schema";
import { assignLicenseSeat } from "@/lib/seats";
import { makeLicenseWithKey, makeOrg, makeUser, testSecrets } from "@/testing/factories";
import { sendSignInLink } from "./send-sign-in-link";

const now = new Date("2026-11-23T12:00:00Z");
const link = (email: string, token: string) => ({
  email,
  url: `http://localhost:3000/api/auth/callback/resend?token=${token}`,
  token,
  expires: new Date(now.getTime() + 15 * 60_000),
  now,
  signInPageUrl: "http://localhost:3000/signin",
});

describe("sending sign-in links", () => {
  const database = useTestDatabase();

  it("sends the link to members and staff", async () => {
    const { db } = database;
    const { user } = await makeOrg(db);
    const staff = await makeUser(db, { staffRole: "admin" });
    await sendSignInLink(db, devMailboxMailer, link(user.email, "tok-member"));
    await sendSignInLink(db, devMailboxMailer, link(staff.email, "tok-staff"));
    const [memberMail] = await listMailbox(db, { to: user.email });
    const [staffMail] = await listMailbox(db, { to: staff.email });
    expect(memberMail?.message).toMatchObject({
      template: "sign-in",
      props: { url: expect.stringContaining("token=tok-member"), expiresInMinutes: 15 },
    });
    expect(staffMail?.message.subject).toBe("Your Rekey sign-in link");
  });

  it("sends the link to someone outside every organization who holds a seat of a license (issue 18)", async () => {
    const { db } = database;
    const made = await makeLicenseWithKey(db, testSecrets(), { now: () => now });
    await db.update(editions).set({ seatModel: "user" }).where(eq(editions.id, made.license.editionId));
    await assignLicenseSeat(
      made.ctx,
      { licenseId: made.license.id, email: "holder@outside.example" },
      { mailer: devMailboxMailer },
    );
    await sendSignInLink(db, devMailboxMailer, link("holder@outside.example", "tok-holder"));
    const mails = await listMailbox(db, { to: "holder@outside.example" });
    expect(mails.map((mail) => mail.message.template)).toContain("sign-in");
  });

  it("tells an unknown address it has no account instead of sending a link", async () => {
    const { db } = database;
    await sendSignInLink(db, devMailboxMailer, link("nobody@unknown.example", "tok-unknown"));
    const [mail] = await listMailbox(db, { to: "nobody@unknown.example" });
    expect(mail?.message.subject).toContain("no Rekey account");
    expect(JSON.stringify(mail?.message)).not.toContain("tok-unknown");
  });

  it("sends one email per token however often it is asked", async () => {
    const { db } = database;
    const { user } = await makeOrg(db);
    await sendSignInLink(db, devMailboxMailer, link(user.email, "tok-once"));
    await sendSignInLink(db, devMailboxMailer, link(user.email, "tok-once"));
    expect(await listMailbox(db, { to: user.email })).toHaveLength(1);
  });
});
