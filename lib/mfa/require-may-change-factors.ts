import type { Executor } from "@/lib/db";
import { SecondFactorRequired } from "./second-factor-errors";
import { readSecondFactorState } from "./second-factor-state";

/**
 * Adding or removing a factor in a session that has not proved the factors the person already
 * has would let a stolen mailbox (the magic link alone) replace them.
 */
export async function requireMayChangeFactors(
  db: Executor,
  session: { userId: string; sessionToken: string },
  what: string,
): Promise<void> {
  const state = await readSecondFactorState(db, session);
  if (!state?.mayChangeFactors)
    throw new SecondFactorRequired(`Confirm it's you with your current second factor before you ${what}.`);
}
