import { desc } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { fourEyesPolicies } from "@/lib/db/schema";

const DAY_MS = 86_400_000;

export interface FourEyesPolicy {
  /** 0: the built-in default, before any admin saved a policy. */
  version: number;
  licenseRevoke: boolean;
  extendBeyondDays: number | null;
  createdAt: Date | null;
}

/**
 * Before an admin says otherwise, support acts alone on licenses; signing-key revocation and bulk
 * reissue need a second admin whatever the policy says (they are not in it, so nobody can turn
 * them off).
 */
export const DEFAULT_FOUR_EYES_POLICY: FourEyesPolicy = {
  version: 0,
  licenseRevoke: false,
  extendBeyondDays: null,
  createdAt: null,
};

/** The newest version rules. */
export async function findFourEyesPolicy(db: Executor): Promise<FourEyesPolicy> {
  const [latest] = await db.select().from(fourEyesPolicies).orderBy(desc(fourEyesPolicies.version)).limit(1);
  return latest ?? DEFAULT_FOUR_EYES_POLICY;
}

/** An extension is measured from where the term ends now (or today, for an expired one). */
export function isExtensionBeyondLimit(policy: FourEyesPolicy, from: Date, to: Date): boolean {
  return policy.extendBeyondDays !== null && to.getTime() - from.getTime() > policy.extendBeyondDays * DAY_MS;
}
