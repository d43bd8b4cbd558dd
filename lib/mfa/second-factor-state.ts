import { and, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { sessions, userPasskeys, users, userTotpSecrets } from "@/lib/db/schema";
import type { SecondFactorState } from "./second-factor-errors";

export type SecondFactorMethod = "totp" | "recovery_code" | "passkey";

/** What the database says about one person's factors and one of their sessions. */
export interface SecondFactorFacts {
  totpEnrolledAt: Date | null;
  firstPasskeyAt: Date | null;
  isPasskeyRequired: boolean;
  verifiedAt: Date | null;
  verifiedMethod: SecondFactorMethod | null;
}

const earliest = (...dates: (Date | null)[]) =>
  dates.reduce<Date | null>((first, date) => (date && (!first || date < first) ? date : first), null);

/**
 * The rule every gate reads. Under a passkey-only staff policy only a passkey counts, both as the
 * factor one has and as the way this session proved it. A verification from before the factors
 * that count were enrolled does not count (they were reset and set up again).
 */
export function secondFactorState(facts: SecondFactorFacts): SecondFactorState {
  const countedSince = facts.isPasskeyRequired
    ? facts.firstPasskeyAt
    : earliest(facts.totpEnrolledAt, facts.firstPasskeyAt);
  const anyFactorSince = earliest(facts.totpEnrolledAt, facts.firstPasskeyAt);
  const verifiedSince = (since: Date | null) => Boolean(since && facts.verifiedAt && facts.verifiedAt >= since);
  const isMethodCounted = !facts.isPasskeyRequired || facts.verifiedMethod === "passkey";
  return {
    isEnrolled: Boolean(countedSince),
    isVerified: verifiedSince(countedSince) && isMethodCounted,
    isPasskeyRequired: facts.isPasskeyRequired,
    // Adding a factor marks the session verified, and removing one weakens the account, so both need
    // proof of a factor one already has:
    // the mailbox alone must not be enough to add (and pass with) a second factor of one's choosing.
    mayChangeFactors: !anyFactorSince || verifiedSince(anyFactorSince),
  };
}

/**
 * The columns of SecondFactorFacts, for a select from sessions joined to users with
 * `secondFactorTotpJoin` on user_totp_secrets: the session's facts in the same statement as
 * whatever else the caller reads of it (the session read on every request, issue 21).
 */
export const secondFactorFactColumns = {
  verifiedAt: sessions.secondFactorVerifiedAt,
  verifiedMethod: sessions.secondFactorMethod,
  isPasskeyRequired: users.passkeyRequired,
  totpEnrolledAt: userTotpSecrets.confirmedAt,
  firstPasskeyAt:
    sql<Date | null>`(select min(${userPasskeys.createdAt}) from ${userPasskeys} where ${userPasskeys.userId} = ${users.id})`.mapWith(
      userPasskeys.createdAt,
    ),
};

/** The join `secondFactorFactColumns` reads the confirmed authenticator app through. */
export const secondFactorTotpJoin: SQL = and(
  eq(userTotpSecrets.userId, users.id),
  isNotNull(userTotpSecrets.confirmedAt),
)!;

/** Reads the facts for `userId`'s session `sessionToken` (null when the session is not theirs). */
export async function readSecondFactorState(
  db: Executor,
  { userId, sessionToken }: { userId: string; sessionToken: string },
): Promise<SecondFactorState | null> {
  const [facts] = await db
    .select(secondFactorFactColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userTotpSecrets, secondFactorTotpJoin)
    .where(and(eq(sessions.sessionToken, sessionToken), eq(sessions.userId, userId)));
  return facts ? secondFactorState(facts) : null;
}

/**
 * The same rule for a proof made earlier and kept, such as an API token made in a session that had
 * verified a factor at `verifiedAt` (issue 17): it stops counting when the person's factors are
 * removed or reset after it, exactly as that session's verification would.
 */
export async function readKeptSecondFactorState(
  db: Executor,
  { userId, verifiedAt }: { userId: string; verifiedAt: Date | null },
): Promise<SecondFactorState> {
  const { isPasskeyRequired, totpEnrolledAt, firstPasskeyAt } = secondFactorFactColumns;
  const [user] = await db
    .select({ isPasskeyRequired, totpEnrolledAt, firstPasskeyAt })
    .from(users)
    .leftJoin(userTotpSecrets, secondFactorTotpJoin)
    .where(eq(users.id, userId));
  return secondFactorState({
    totpEnrolledAt: user?.totpEnrolledAt ?? null,
    isPasskeyRequired: user?.isPasskeyRequired ?? false,
    firstPasskeyAt: user?.firstPasskeyAt ?? null,
    verifiedAt,
    // A kept proof does not record its method; under a passkey-only policy it then does not count.
    verifiedMethod: null,
  });
}
