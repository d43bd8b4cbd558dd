import { and, eq, gt } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { passkeyChallenges } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { PASSKEY_CHALLENGE_LIFETIME_MS } from "./passkey-settings";

type Ceremony = "registration" | "authentication";

/** Keeps the challenge just handed to this session's browser; a new ceremony replaces the last one. */
export async function keepChallenge(
  db: Executor,
  {
    sessionToken,
    ceremony,
    challenge,
    now,
  }: { sessionToken: string; ceremony: Ceremony; challenge: string; now: Date },
): Promise<void> {
  const expiresAt = new Date(now.getTime() + PASSKEY_CHALLENGE_LIFETIME_MS);
  await db
    .insert(passkeyChallenges)
    .values({ sessionToken, ceremony, challenge, expiresAt })
    .onConflictDoUpdate({
      target: [passkeyChallenges.sessionToken, passkeyChallenges.ceremony],
      set: { challenge, expiresAt },
    });
}

/**
 * Takes this session's outstanding challenge away and returns it: the first response spends it, so
 * a replayed response (or one raced against it) finds none (WebAuthn §13.4.3).
 */
export async function spendChallenge(
  db: Executor,
  { sessionToken, ceremony, now }: { sessionToken: string; ceremony: Ceremony; now: Date },
): Promise<string> {
  const [spent] = await db
    .delete(passkeyChallenges)
    .where(
      and(
        eq(passkeyChallenges.sessionToken, sessionToken),
        eq(passkeyChallenges.ceremony, ceremony),
        gt(passkeyChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: passkeyChallenges.challenge });
  if (!spent) throw new Conflict("That passkey request has expired or was already used. Try again.");
  return spent.challenge;
}
