import { and, eq, isNull, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { KeyedHasher } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { licenseKeySignInCodes, users } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { findLicenseByPresentedKey, keyStanding, presentLicenseKey } from "@/lib/licensing";
import { licenseKeySignInEmail, type Mailer, sendEmail } from "@/lib/notify";
import { openHeldLicense } from "@/lib/seats";
import { signInCodeDigest } from "./sign-in-code-digest";
import { generateSignInCode, LICENSE_KEY_SIGN_IN_SEATS, SIGN_IN_CODE_MINUTES } from "./sign-in-code-policy";

export interface LicenseKeySignInDeps {
  hasher: KeyedHasher;
  mailer: Mailer;
  /** Where the "nothing matched" email sends the person back to (from REKEY_PUBLIC_URL). */
  signInPageUrl: string;
  generateCode?: () => string;
}

/**
 * The first step of signing in with a license key (issue 20): a code goes to `email` when the key
 * is a working key of a single-seat license and the address is someone that license's view opens
 * to (its seat holder, or a member of its organization: lib/seats/held-licenses.ts). Otherwise the
 * address gets a note that nothing matched. Either way the caller answers the same sentence, and
 * either way one email is written, so the answer says nothing about whether the key exists.
 * A new code replaces the person's earlier unused ones for that license.
 */
export async function requestLicenseKeySignIn(
  db: Db,
  now: Date,
  { key, email }: { key: string; email: string },
  { hasher, mailer, signInPageUrl, generateCode = generateSignInCode }: LicenseKeySignInDeps,
): Promise<void> {
  const address = email.trim().toLowerCase();
  const match = await findSignInMatch(db, now, { key, address, hasher });
  const dedupeKey = `license-key-sign-in:${crypto.randomUUID()}`;
  if (!match) {
    await sendEmail(db, mailer, {
      email: licenseKeySignInEmail({
        to: address,
        code: null,
        expiresInMinutes: SIGN_IN_CODE_MINUTES,
        signInUrl: signInPageUrl,
      }),
      dedupeKey,
      now,
    });
    return;
  }
  const code = generateCode();
  await db.transaction(async (tx) => {
    await tx
      .update(licenseKeySignInCodes)
      .set({ consumedAt: now })
      .where(
        and(
          eq(licenseKeySignInCodes.userId, match.userId),
          eq(licenseKeySignInCodes.licenseId, match.licenseId),
          isNull(licenseKeySignInCodes.consumedAt),
        ),
      );
    const id = crypto.randomUUID();
    await tx.insert(licenseKeySignInCodes).values({
      id,
      licenseId: match.licenseId,
      userId: match.userId,
      codeDigest: signInCodeDigest(hasher, id, code),
      expiresAt: new Date(now.getTime() + SIGN_IN_CODE_MINUTES * 60_000),
      createdAt: now,
    });
    await appendAuditEvent(tx, {
      actor: { type: "user", userId: match.userId, email: match.email },
      at: now,
      orgId: match.orgId,
      action: "license_key_sign_in.requested",
      subjectType: "license",
      subjectId: match.licenseId,
      data: { email: match.email },
    });
  });
  await sendEmail(db, mailer, {
    email: licenseKeySignInEmail({
      to: match.email,
      code,
      expiresInMinutes: SIGN_IN_CODE_MINUTES,
      signInUrl: `${signInPageUrl}?step=code&email=${encodeURIComponent(match.email)}`,
    }),
    dedupeKey,
    orgId: match.orgId,
    now,
  });
}

/** The license and person a key and an address sign in to, or null for every kind of mismatch alike. */
async function findSignInMatch(
  db: Db,
  now: Date,
  { key, address, hasher }: { key: string; address: string; hasher: KeyedHasher },
) {
  const [keyed, [person]] = await Promise.all([
    findLicenseByPresentedKey(db, presentLicenseKey(hasher, key)),
    db.select({ userId: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = ${address}`),
  ]);
  if (!keyed || !person || keyStanding(keyed, { now }) !== null) return null;
  if (keyed.license.seats !== LICENSE_KEY_SIGN_IN_SEATS) return null;
  const holder = {
    db,
    now: () => now,
    actor: { type: "user" as const, userId: person.userId, email: person.email },
    licenseScopeId: keyed.license.id,
  };
  try {
    const { orgId } = await openHeldLicense(holder, keyed.license.id);
    return { licenseId: keyed.license.id, orgId, userId: person.userId, email: person.email };
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
