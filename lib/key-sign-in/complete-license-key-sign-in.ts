import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { constantTimeEqual, type KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { licenseKeySignInCodes, licenses, sessions, users } from "@/lib/db/schema";
import { InvalidInput, NotFound } from "@/lib/errors";
import { openHeldLicense } from "@/lib/seats";
import { signInCodeDigest } from "./sign-in-code-digest";
import { SIGN_IN_CODE_ATTEMPTS } from "./sign-in-code-policy";

/** One answer for a wrong, expired, used or exhausted code, and for an address with none. */
const codeRefused = () =>
  new InvalidInput("That code did not work.", {
    code: ["That code is wrong, has expired or was used already. Ask for a new one if you need to."],
  });

export interface LicenseKeySession {
  sessionToken: string;
  expires: Date;
  licenseId: string;
}

/**
 * The second step of signing in with a license key (issue 20): the person's newest code is
 * compared in constant time, each wrong try counts, and a right one is spent in the same guarded
 * UPDATE that checks it is still unspent, unexpired and under its tries, so a replay or a race
 * gets nothing. The session it makes is scoped to that one license (`sessions.license_scope_id`):
 * it opens that license's holder view only, even for a member of an organization, and every other
 * page refuses it (lib/auth/session.ts). The key-material gate still asks its questions.
 */
export async function completeLicenseKeySignIn(
  db: Db,
  now: Date,
  { email, code }: { email: string; code: string },
  { hasher }: { hasher: KeyedHasher },
): Promise<LicenseKeySession> {
  const [pending] = await db
    .select({
      id: licenseKeySignInCodes.id,
      licenseId: licenseKeySignInCodes.licenseId,
      orgId: licenses.orgId,
      userId: users.id,
      email: users.email,
      codeDigest: licenseKeySignInCodes.codeDigest,
    })
    .from(licenseKeySignInCodes)
    .innerJoin(users, eq(users.id, licenseKeySignInCodes.userId))
    .innerJoin(licenses, eq(licenses.id, licenseKeySignInCodes.licenseId))
    .where(
      and(
        sql`lower(${users.email}) = ${email.trim().toLowerCase()}`,
        isNull(licenseKeySignInCodes.consumedAt),
        gt(licenseKeySignInCodes.expiresAt, now),
        lt(licenseKeySignInCodes.attempts, SIGN_IN_CODE_ATTEMPTS),
      ),
    )
    .orderBy(desc(licenseKeySignInCodes.createdAt))
    .limit(1);
  if (!pending) throw codeRefused();
  const actor = { type: "user" as const, userId: pending.userId, email: pending.email };
  const audit = { actor, at: now, orgId: pending.orgId, subjectType: "license", subjectId: pending.licenseId };

  if (!constantTimeEqual(signInCodeDigest(hasher, pending.id, code), pending.codeDigest)) {
    await db.transaction(async (tx) => {
      await tx
        .update(licenseKeySignInCodes)
        .set({ attempts: sql`${licenseKeySignInCodes.attempts} + 1` })
        .where(eq(licenseKeySignInCodes.id, pending.id));
      await appendAuditEvent(tx, { ...audit, action: "license_key_sign_in.failed", data: { email: pending.email } });
    });
    throw codeRefused();
  }

  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(licenseKeySignInCodes)
      .set({ consumedAt: now })
      .where(
        and(
          eq(licenseKeySignInCodes.id, pending.id),
          isNull(licenseKeySignInCodes.consumedAt),
          gt(licenseKeySignInCodes.expiresAt, now),
          lt(licenseKeySignInCodes.attempts, SIGN_IN_CODE_ATTEMPTS),
        ),
      )
      .returning({ id: licenseKeySignInCodes.id });
    if (!spent) throw codeRefused();
    // The seat or membership may have ended since the code was sent: the view must still open.
    try {
      await openHeldLicense({ db: tx, now: () => now, actor, licenseScopeId: pending.licenseId }, pending.licenseId);
    } catch (error) {
      if (error instanceof NotFound) throw codeRefused();
      throw error;
    }
    const sessionToken = randomUUID();
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
    await tx
      .insert(sessions)
      .values({ sessionToken, userId: pending.userId, expires, createdAt: now, licenseScopeId: pending.licenseId });
    await appendAuditEvent(tx, { ...audit, action: "license_key_sign_in.succeeded", data: { email: pending.email } });
    return { sessionToken, expires, licenseId: pending.licenseId };
  });
}
