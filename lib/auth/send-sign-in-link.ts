import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orgMembers, users } from "@/lib/db/schema";
import { noAccountEmail, sendEmail, signInEmail, type Mailer } from "@/lib/notify";
import { holdsAnyLicenseSql } from "@/lib/seats/held-licenses";

/** How long a sign-in link works; plain data so pages can show it without loading Auth.js. */
export const SIGN_IN_LINK_MINUTES = 15;

export interface SendSignInLinkInput {
  email: string;
  url: string;
  token: string;
  expires: Date;
  now: Date;
  signInPageUrl: string;
}

/**
 * Sends the magic link only to people who have a place here (an org membership, a staff role, or
 * a seat of a license given to them from outside its organization: issue 18).
 * Anyone else gets an email saying so: the sign-in page answers the same either way, so it never
 * reveals which addresses have accounts.
 */
export async function sendSignInLink(db: Db, mailer: Mailer, input: SendSignInLinkInput) {
  const [account] = await db
    .select({
      staffRole: users.staffRole,
      isMember: sql<boolean>`exists (select 1 from ${orgMembers} where ${orgMembers.userId} = ${users.id})`,
      holdsLicenses: sql<boolean>`${holdsAnyLicenseSql(users.id)}`,
    })
    .from(users)
    .where(eq(users.email, input.email));
  const hasAccess = Boolean(account && (account.staffRole || account.isMember || account.holdsLicenses));
  const expiresInMinutes = Math.round((input.expires.getTime() - input.now.getTime()) / 60_000);
  const email = hasAccess
    ? signInEmail({ to: input.email, url: input.url, expiresInMinutes })
    : noAccountEmail({ to: input.email, signInUrl: input.signInPageUrl });
  // The token is the dedupe key's only unique part; hash it so the outbox never indexes a secret.
  const dedupeKey = `signin:${createHash("sha256").update(input.token).digest("hex")}`;
  return sendEmail(db, mailer, { email, dedupeKey, now: input.now });
}
