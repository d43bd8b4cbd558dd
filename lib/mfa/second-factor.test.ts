import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { InvalidInput, RateLimited } from "@/lib/errors";
import { staffAccessRefusal } from "@/lib/auth/staff-roles";
import type { PersonCtx } from "@/lib/context";
import { fixedNow, makeUser, testSecrets } from "@/testing/factories";
import { totpCodeAt } from "./totp";
import {
  confirmTotpEnrolment,
  createSecondFactorLimiter,
  disableTotp,
  getSecondFactorStatus,
  regenerateRecoveryCodes,
  SecondFactorEnrolmentRequired,
  SecondFactorRequired,
  startTotpEnrolment,
  verifySecondFactor,
} from "./index";

const ADDRESS = "192.0.2.10";
/** Counts per address live in the test database the whole file shares: a test that counts them owns its address. */
const uniqueAddress = () => `address-${crypto.randomUUID()}`;
const T0 = "2026-11-23T12:00:00Z";
const STEP_MS = 30_000;

describe("second factor (TOTP and recovery codes)", () => {
  const database = useTestDatabase();

  /** A person with a live session, enrolled through the use cases; the clock is theirs to move. */
  async function enrolledPerson() {
    const { db } = database;
    const user = await makeUser(db, { staffRole: "support" });
    const sessionToken = `session-${user.id}`;
    await db.insert(t.sessions).values({ sessionToken, userId: user.id, expires: new Date("2027-01-01T00:00:00Z") });
    let now = new Date(T0);
    const ctx: PersonCtx = {
      db,
      now: () => new Date(now),
      actor: { type: "staff", userId: user.id, email: user.email, role: "support" },
    };
    const secrets = {
      ...testSecrets(),
      limiter: createSecondFactorLimiter(db, { attemptsPerUser: 50, attemptsPerAddress: 1000 }),
    };
    const { secret, uri } = await startTotpEnrolment(ctx, secrets);
    const { recoveryCodes } = await confirmTotpEnrolment(
      ctx,
      { sessionToken, code: totpCodeAt(secret, now), address: ADDRESS },
      secrets,
    );
    const advance = (steps: number) => (now = new Date(now.getTime() + steps * STEP_MS));
    const session = async () =>
      (await db.select().from(t.sessions).where(eq(t.sessions.sessionToken, sessionToken)))[0]!;
    return {
      ctx,
      user,
      secret,
      uri,
      recoveryCodes,
      secrets,
      sessionToken,
      advance,
      code: () => totpCodeAt(secret, now),
      session,
    };
  }

  it("enrols with a code from the app, hands out ten recovery codes, and stores neither in the clear", async () => {
    const person = await enrolledPerson();
    expect(person.uri).toMatch(/^otpauth:\/\/totp\/Rekey:.+\?.*secret=/);
    expect(person.recoveryCodes).toHaveLength(10);
    expect(new Set(person.recoveryCodes).size).toBe(10);
    expect(await getSecondFactorStatus(database.db, person.user.id)).toMatchObject({
      isEnrolled: true,
      recoveryCodesLeft: 10,
    });
    expect((await person.session()).secondFactorVerifiedAt).not.toBeNull();
    const stored = JSON.stringify([
      await database.db.select().from(t.userTotpSecrets),
      await database.db.select().from(t.userRecoveryCodes),
    ]);
    expect(stored).not.toContain(person.secret);
    for (const code of person.recoveryCodes) expect(stored).not.toContain(code.replace("-", ""));
  });

  it("refuses a wrong code at enrolment and leaves the person unenrolled", async () => {
    const { db } = database;
    const user = await makeUser(db);
    const ctx: PersonCtx = { db, now: fixedNow(T0), actor: { type: "user", userId: user.id, email: user.email } };
    const secrets = { ...testSecrets(), limiter: createSecondFactorLimiter(db) };
    const sessionToken = `session-${user.id}`;
    await db.insert(t.sessions).values({ sessionToken, userId: user.id, expires: new Date("2027-01-01T00:00:00Z") });
    await startTotpEnrolment(ctx, secrets);
    await expect(
      confirmTotpEnrolment(ctx, { sessionToken, code: "000000", address: ADDRESS }, secrets),
    ).rejects.toBeInstanceOf(InvalidInput);
    expect((await getSecondFactorStatus(db, user.id)).isEnrolled).toBe(false);
  });

  it("accepts each TOTP code once: the same code again is refused even inside its window", async () => {
    const person = await enrolledPerson();
    person.advance(1);
    const code = person.code();
    await expect(
      verifySecondFactor(person.ctx, { sessionToken: person.sessionToken, code, address: ADDRESS }, person.secrets),
    ).resolves.toMatchObject({ method: "totp" });
    await expect(
      verifySecondFactor(person.ctx, { sessionToken: person.sessionToken, code, address: ADDRESS }, person.secrets),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it("accepts a recovery code once, in any case and with or without the dash", async () => {
    const person = await enrolledPerson();
    const [first] = person.recoveryCodes;
    const typed = first!.toLowerCase().replace("-", " ");
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: typed, address: ADDRESS },
        person.secrets,
      ),
    ).resolves.toEqual({ method: "recovery_code", recoveryCodesLeft: 9 });
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: first!, address: ADDRESS },
        person.secrets,
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, person.user.id));
    expect(audit.map((event) => event.action)).toEqual(["second_factor.enrolled", "second_factor.recovery_code_used"]);
  });

  it("regenerates recovery codes only for a current code, and the old ones stop working", async () => {
    const person = await enrolledPerson();
    await expect(
      regenerateRecoveryCodes(person.ctx, { code: "123456", address: ADDRESS }, person.secrets),
    ).rejects.toBeInstanceOf(InvalidInput);
    person.advance(1);
    const { recoveryCodes } = await regenerateRecoveryCodes(
      person.ctx,
      { code: person.code(), address: ADDRESS },
      person.secrets,
    );
    expect(recoveryCodes).toHaveLength(10);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: person.recoveryCodes[0]!, address: ADDRESS },
        person.secrets,
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: recoveryCodes[0]!, address: ADDRESS },
        person.secrets,
      ),
    ).resolves.toMatchObject({ method: "recovery_code" });
  });

  it("turns off for a current code and clears every session's verified mark", async () => {
    const person = await enrolledPerson();
    await disableTotp(person.ctx, { code: person.recoveryCodes[3]!, address: ADDRESS }, person.secrets);
    expect(await getSecondFactorStatus(database.db, person.user.id)).toMatchObject({
      isEnrolled: false,
      recoveryCodesLeft: 0,
    });
    expect((await person.session()).secondFactorVerifiedAt).toBeNull();
  });

  it("locks out guessing after the attempt limit, even for a right code", async () => {
    const person = await enrolledPerson();
    const secrets = {
      ...person.secrets,
      limiter: createSecondFactorLimiter(database.db, { attemptsPerUser: 3, attemptsPerAddress: 1000 }),
    };
    for (let i = 0; i < 3; i += 1) {
      await expect(
        verifySecondFactor(
          person.ctx,
          { sessionToken: person.sessionToken, code: "000000", address: ADDRESS },
          secrets,
        ),
      ).rejects.toBeInstanceOf(InvalidInput);
    }
    person.advance(1);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: person.code(), address: ADDRESS },
        secrets,
      ),
    ).rejects.toBeInstanceOf(RateLimited);
  });

  it("shares one guess budget between processes: a guess counted by one is refused by the other", async () => {
    const person = await enrolledPerson();
    const address = uniqueAddress();
    const [firstProcess, secondProcess] = [1, 2].map(() => ({
      ...person.secrets,
      limiter: createSecondFactorLimiter(database.db, { attemptsPerUser: 4 }),
    }));
    for (const secrets of [firstProcess, secondProcess, firstProcess, secondProcess]) {
      await expect(
        verifySecondFactor(person.ctx, { sessionToken: person.sessionToken, code: "000000", address }, secrets!),
      ).rejects.toBeInstanceOf(InvalidInput);
    }
    person.advance(1);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: person.code(), address },
        firstProcess!,
      ),
    ).rejects.toBeInstanceOf(RateLimited);
    await expect(
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code: person.code(), address },
        secondProcess!,
      ),
    ).rejects.toBeInstanceOf(RateLimited);
  });

  it("still refuses after a restart: the count lives in the database, not in the process", async () => {
    const person = await enrolledPerson();
    const address = uniqueAddress();
    const beforeRestart = {
      ...person.secrets,
      limiter: createSecondFactorLimiter(database.db, { attemptsPerUser: 2 }),
    };
    for (let i = 0; i < 2; i += 1) {
      await expect(disableTotp(person.ctx, { code: "000000", address }, beforeRestart)).rejects.toBeInstanceOf(
        InvalidInput,
      );
    }
    const afterRestart = { ...person.secrets, limiter: createSecondFactorLimiter(database.db, { attemptsPerUser: 2 }) };
    await expect(
      disableTotp(person.ctx, { code: person.recoveryCodes[0]!, address }, afterRestart),
    ).rejects.toBeInstanceOf(RateLimited);
    expect((await getSecondFactorStatus(database.db, person.user.id)).isEnrolled).toBe(true);
  });

  it("limits one address guessing many people, and a right code does not clear the address's count", async () => {
    const address = uniqueAddress();
    const people = [await enrolledPerson(), await enrolledPerson(), await enrolledPerson()];
    const limiter = createSecondFactorLimiter(database.db, { attemptsPerUser: 50, attemptsPerAddress: 3 });
    const guess = (person: (typeof people)[number], code: string) =>
      verifySecondFactor(
        person.ctx,
        { sessionToken: person.sessionToken, code, address },
        { ...person.secrets, limiter },
      );
    await expect(guess(people[0]!, "000000")).rejects.toBeInstanceOf(InvalidInput);
    await expect(guess(people[1]!, people[1]!.recoveryCodes[0]!)).resolves.toMatchObject({ method: "recovery_code" });
    await expect(guess(people[2]!, "000000")).rejects.toBeInstanceOf(InvalidInput);
    await expect(guess(people[2]!, people[2]!.recoveryCodes[0]!)).rejects.toBeInstanceOf(RateLimited);
  });
});

describe("staff access", () => {
  const verified = { isEnrolled: true, isVerified: true };

  it("lets support read but sends them to enrol, then to verify, before any write", () => {
    expect(
      staffAccessRefusal(
        { staffRole: "support", secondFactor: { isEnrolled: false, isVerified: false } },
        { role: "support", isWrite: false },
      ),
    ).toBeNull();
    expect(
      staffAccessRefusal(
        { staffRole: "support", secondFactor: { isEnrolled: false, isVerified: false } },
        { role: "support", isWrite: true },
      ),
    ).toBeInstanceOf(SecondFactorEnrolmentRequired);
    expect(
      staffAccessRefusal(
        { staffRole: "support", secondFactor: { isEnrolled: true, isVerified: false } },
        { role: "support", isWrite: true },
      ),
    ).toBeInstanceOf(SecondFactorRequired);
    expect(
      staffAccessRefusal({ staffRole: "support", secondFactor: verified }, { role: "support", isWrite: true }),
    ).toBeNull();
  });

  it("treats admin as a superset of support and refuses customers", () => {
    expect(
      staffAccessRefusal({ staffRole: "admin", secondFactor: verified }, { role: "support", isWrite: true }),
    ).toBeNull();
    expect(
      staffAccessRefusal({ staffRole: "support", secondFactor: verified }, { role: "admin", isWrite: true })
        ?.userMessage,
    ).toBe("Only admin staff can do this.");
    expect(
      staffAccessRefusal({ staffRole: null, secondFactor: verified }, { role: "support", isWrite: false })?.code,
    ).toBe("FORBIDDEN");
  });
});
