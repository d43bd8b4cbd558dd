import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import type { PersonCtx } from "@/lib/context";
import { makeUser, staffCtx, testSecrets } from "@/testing/factories";
import { createVirtualPasskey } from "@/testing/virtual-passkey";
import { totpCodeAt } from "./totp";
import {
  confirmTotpEnrolment,
  createSecondFactorLimiter,
  finishPasskeyRegistration,
  listPasskeys,
  readSecondFactorState,
  relyingPartyFor,
  removePasskey,
  SecondFactorRequired,
  setStaffPasskeyRequirement,
  startPasskeyRegistration,
  startPasskeyVerification,
  startTotpEnrolment,
  verifyPasskey,
  verifySecondFactor,
} from "./index";

const RELYING_PARTY = relyingPartyFor("https://rekey.test.example/");
const ADDRESS = "192.0.2.20";
const T0 = new Date("2026-12-06T10:00:00Z");
const REASON = { reason: "Security review 12: staff use passkeys", reasonCategory: "security" as const };

describe("passkeys as a second factor", () => {
  const database = useTestDatabase();

  /** A person signed in by magic link (a fresh session), with a clock the test moves. */
  async function signedInPerson(fields: Partial<typeof t.users.$inferInsert> = {}) {
    const { db } = database;
    const user = await makeUser(db, fields);
    let now = T0;
    const ctx: PersonCtx = user.staffRole
      ? { db, now: () => now, actor: { type: "staff", userId: user.id, email: user.email, role: user.staffRole } }
      : { db, now: () => now, actor: { type: "user", userId: user.id, email: user.email } };
    const newSession = async () => {
      const sessionToken = `session-${crypto.randomUUID()}`;
      await db.insert(t.sessions).values({ sessionToken, userId: user.id, expires: new Date("2027-06-01T00:00:00Z") });
      return sessionToken;
    };
    const state = (sessionToken: string) => readSecondFactorState(db, { userId: user.id, sessionToken });
    const advance = (ms: number) => (now = new Date(now.getTime() + ms));
    return { user, ctx, newSession, state, advance };
  }

  async function register(person: Awaited<ReturnType<typeof signedInPerson>>, sessionToken: string) {
    const authenticator = createVirtualPasskey({ origin: RELYING_PARTY.origin, rpId: RELYING_PARTY.id });
    const options = await startPasskeyRegistration(person.ctx, { sessionToken }, RELYING_PARTY);
    await finishPasskeyRegistration(
      person.ctx,
      { sessionToken, response: authenticator.register(options), name: "Work laptop" },
      RELYING_PARTY,
    );
    return authenticator;
  }

  it("registers a passkey, keeps only its public key, and passes a later session's second factor with it", async () => {
    const person = await signedInPerson();
    const first = await person.newSession();
    const authenticator = await register(person, first);
    expect(await person.state(first)).toMatchObject({ isEnrolled: true, isVerified: true });
    expect(await listPasskeys(database.db, person.user.id)).toMatchObject([{ name: "Work laptop", lastUsedAt: null }]);

    const later = await person.newSession();
    expect(await person.state(later)).toMatchObject({ isEnrolled: true, isVerified: false });
    const options = await startPasskeyVerification(person.ctx, { sessionToken: later }, RELYING_PARTY);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([authenticator.id]);
    await verifyPasskey(
      person.ctx,
      { sessionToken: later, response: authenticator.authenticate(options) },
      RELYING_PARTY,
    );
    expect(await person.state(later)).toMatchObject({ isVerified: true });

    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, person.user.id));
    expect(audit.map((event) => [event.action, (event.data as { method?: string }).method])).toEqual([
      ["second_factor.enrolled", "passkey"],
      ["second_factor.verified", "passkey"],
    ]);
  });

  it("refuses a response made for another origin or RP id (a phishing page)", async () => {
    const person = await signedInPerson();
    const sessionToken = await person.newSession();
    const authenticator = createVirtualPasskey({ origin: RELYING_PARTY.origin, rpId: RELYING_PARTY.id });
    for (const lie of [{ origin: "https://rekey.attacker.example" }, { rpId: "attacker.example" }]) {
      const options = await startPasskeyRegistration(person.ctx, { sessionToken }, RELYING_PARTY);
      await expect(
        finishPasskeyRegistration(
          person.ctx,
          { sessionToken, response: authenticator.register(options, lie), name: "Phished" },
          RELYING_PARTY,
        ),
      ).rejects.toBeInstanceOf(InvalidInput);
    }
    expect(await listPasskeys(database.db, person.user.id)).toEqual([]);

    await register(person, sessionToken);
    const later = await person.newSession();
    const options = await startPasskeyVerification(person.ctx, { sessionToken: later }, RELYING_PARTY);
    const phished = authenticator.authenticate(options, { origin: "https://rekey.attacker.example" });
    await expect(
      verifyPasskey(person.ctx, { sessionToken: later, response: phished }, RELYING_PARTY),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect(await person.state(later)).toMatchObject({ isVerified: false });
  });

  it("takes each signed challenge once: a replayed response, an expired challenge and another session's challenge are refused", async () => {
    const person = await signedInPerson();
    const authenticator = await register(person, await person.newSession());
    const session = await person.newSession();
    const options = await startPasskeyVerification(person.ctx, { sessionToken: session }, RELYING_PARTY);
    const response = authenticator.authenticate(options);
    await verifyPasskey(person.ctx, { sessionToken: session, response }, RELYING_PARTY);
    await expect(verifyPasskey(person.ctx, { sessionToken: session, response }, RELYING_PARTY)).rejects.toBeInstanceOf(
      Conflict,
    );

    const other = await person.newSession();
    await expect(verifyPasskey(person.ctx, { sessionToken: other, response }, RELYING_PARTY)).rejects.toBeInstanceOf(
      Conflict,
    );

    const slow = await startPasskeyVerification(person.ctx, { sessionToken: other }, RELYING_PARTY);
    person.advance(5 * 60_000 + 1);
    await expect(
      verifyPasskey(person.ctx, { sessionToken: other, response: authenticator.authenticate(slow) }, RELYING_PARTY),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await person.state(other)).toMatchObject({ isVerified: false });
  });

  it("refuses another person's passkey and a cloned authenticator whose counter did not move", async () => {
    const alice = await signedInPerson();
    const mallory = await signedInPerson();
    const mallorysKey = await register(mallory, await mallory.newSession());
    const alicesKey = await register(alice, await alice.newSession());

    const session = await alice.newSession();
    const options = await startPasskeyVerification(alice.ctx, { sessionToken: session }, RELYING_PARTY);
    await expect(
      verifyPasskey(alice.ctx, { sessionToken: session, response: mallorysKey.authenticate(options) }, RELYING_PARTY),
    ).rejects.toBeInstanceOf(InvalidInput);

    const again = await startPasskeyVerification(alice.ctx, { sessionToken: session }, RELYING_PARTY);
    await verifyPasskey(alice.ctx, { sessionToken: session, response: alicesKey.authenticate(again) }, RELYING_PARTY);
    const cloneSession = await alice.newSession();
    const cloned = await startPasskeyVerification(alice.ctx, { sessionToken: cloneSession }, RELYING_PARTY);
    await expect(
      verifyPasskey(
        alice.ctx,
        { sessionToken: cloneSession, response: alicesKey.authenticate(cloned, {}, { repeatCounter: true }) },
        RELYING_PARTY,
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it("does not let a session that only has the magic link add or remove a factor when the person already has one", async () => {
    const { db } = database;
    const person = await signedInPerson();
    const secrets = { ...testSecrets(), limiter: createSecondFactorLimiter(db, { attemptsPerUser: 50 }) };
    const enrolling = await person.newSession();
    const { secret } = await startTotpEnrolment(person.ctx, secrets);
    await confirmTotpEnrolment(
      person.ctx,
      { sessionToken: enrolling, code: totpCodeAt(secret, T0), address: ADDRESS },
      secrets,
    );

    const stolenMailbox = await person.newSession();
    await expect(
      startPasskeyRegistration(person.ctx, { sessionToken: stolenMailbox }, RELYING_PARTY),
    ).rejects.toBeInstanceOf(SecondFactorRequired);

    await register(person, enrolling);
    const [passkey] = await listPasskeys(db, person.user.id);
    await expect(
      removePasskey(person.ctx, { sessionToken: stolenMailbox, passkeyId: passkey!.id }),
    ).rejects.toBeInstanceOf(SecondFactorRequired);
    const someoneElse = await signedInPerson();
    await expect(
      removePasskey(someoneElse.ctx, { sessionToken: await someoneElse.newSession(), passkeyId: passkey!.id }),
    ).rejects.toBeInstanceOf(NotFound);
    await removePasskey(person.ctx, { sessionToken: enrolling, passkeyId: passkey!.id });
    expect(await listPasskeys(db, person.user.id)).toEqual([]);
  });

  it("under a staff passkey policy refuses codes once a passkey exists, and a code-verified session stops counting", async () => {
    const { db } = database;
    const person = await signedInPerson({ staffRole: "support" });
    const secrets = { ...testSecrets(), limiter: createSecondFactorLimiter(db, { attemptsPerUser: 50 }) };
    const session = await person.newSession();
    const { secret } = await startTotpEnrolment(person.ctx, secrets);
    await confirmTotpEnrolment(
      person.ctx,
      { sessionToken: session, code: totpCodeAt(secret, T0), address: ADDRESS },
      secrets,
    );
    expect(await person.state(session)).toMatchObject({ isEnrolled: true, isVerified: true });

    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", () => T0);
    await setStaffPasskeyRequirement(admin, { email: person.user.email, isRequired: true, ...REASON });
    expect(await person.state(session)).toMatchObject({
      isPasskeyRequired: true,
      isEnrolled: false,
      isVerified: false,
    });

    // The code-verified session may still register the passkey the policy asks for.
    const authenticator = await register(person, session);
    expect(await person.state(session)).toMatchObject({ isEnrolled: true, isVerified: true });

    const next = await person.newSession();
    person.advance(60_000);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: next, code: totpCodeAt(secret, person.ctx.now()), address: ADDRESS },
        secrets,
      ),
    ).rejects.toBeInstanceOf(PolicyViolation);
    const options = await startPasskeyVerification(person.ctx, { sessionToken: next }, RELYING_PARTY);
    await verifyPasskey(
      person.ctx,
      { sessionToken: next, response: authenticator.authenticate(options) },
      RELYING_PARTY,
    );
    expect(await person.state(next)).toMatchObject({ isVerified: true });

    const [event] = await db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "staff.passkey_requirement_changed"));
    expect(event).toMatchObject({ subjectId: person.user.id, reason: REASON.reason, data: { isRequired: true } });
    await expect(
      setStaffPasskeyRequirement(admin, { email: "customer@nowhere.example", isRequired: true, ...REASON }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
