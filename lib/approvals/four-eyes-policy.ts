import { desc } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { fourEyesPolicies } from "@/lib/db/schema";

const DAY_MS = 86_400_000;

export interface FourEyesPolicy {
  /** 0: the built-in default, before any admin saved a policy. */
  version: number;
  licenseRevoke: boolean;
  extendBeyondDays: number | null;
  /** One staff action suspending more than this many licenses waits; null: never. */
  suspendBeyondCount: number | null;
  /** Generating, activating, retiring a signing key and holding or releasing its rotation wait. */
  signingKeyActions: boolean;
  /** A new or rolled management API token waits, and is minted only when its requester collects it. */
  apiTokenCreate: boolean;
  createdAt: Date | null;
}

/** The rules a version sets (what an admin edits, and what a diff compares). */
export type FourEyesRules = Pick<
  FourEyesPolicy,
  "licenseRevoke" | "extendBeyondDays" | "suspendBeyondCount" | "signingKeyActions" | "apiTokenCreate"
>;

/**
 * Before an admin says otherwise, support acts alone on licenses; signing-key revocation and bulk
 * reissue need a second admin whatever the policy says (they are not in it, so nobody can turn
 * them off).
 */
export const DEFAULT_FOUR_EYES_POLICY: FourEyesPolicy = {
  version: 0,
  licenseRevoke: false,
  extendBeyondDays: null,
  suspendBeyondCount: null,
  signingKeyActions: false,
  apiTokenCreate: false,
  createdAt: null,
};

export function rulesOf(policy: FourEyesRules): FourEyesRules {
  const { licenseRevoke, extendBeyondDays, suspendBeyondCount, signingKeyActions, apiTokenCreate } = policy;
  return { licenseRevoke, extendBeyondDays, suspendBeyondCount, signingKeyActions, apiTokenCreate };
}

const needs = (isRequired: boolean) => (isRequired ? "now needs a second person" : "no longer needs a second person");
const limit = (value: number | null, unit: string) =>
  value === null ? "no longer needs a second person" : `needs a second person beyond ${value} ${unit}`;

/**
 * What a new version changes, in plain words (issue 22, "policies with history"): one phrase per
 * rule that differs, for the audit sentence and the page. Fixed phrases and numbers, no free text.
 */
export function describeFourEyesPolicyChanges(previous: FourEyesRules, next: FourEyesRules): string[] {
  const changes: string[] = [];
  if (previous.licenseRevoke !== next.licenseRevoke) changes.push(`revoking a license ${needs(next.licenseRevoke)}`);
  if (previous.extendBeyondDays !== next.extendBeyondDays)
    changes.push(`extending a license ${limit(next.extendBeyondDays, "days")}`);
  if (previous.suspendBeyondCount !== next.suspendBeyondCount)
    changes.push(`suspending licenses in one action ${limit(next.suspendBeyondCount, "licenses")}`);
  if (previous.signingKeyActions !== next.signingKeyActions)
    changes.push(`generating, activating, retiring and holding signing keys ${needs(next.signingKeyActions)}`);
  if (previous.apiTokenCreate !== next.apiTokenCreate)
    changes.push(`creating or rolling a management API token ${needs(next.apiTokenCreate)}`);
  return changes;
}

/** A suspension of `count` licenses in one action is past the limit. */
export function isSuspensionBeyondLimit(policy: FourEyesPolicy, count: number): boolean {
  return policy.suspendBeyondCount !== null && count > policy.suspendBeyondCount;
}

/** The newest version rules. */
export async function findFourEyesPolicy(db: Executor): Promise<FourEyesPolicy> {
  const [latest] = await db.select().from(fourEyesPolicies).orderBy(desc(fourEyesPolicies.version)).limit(1);
  return latest ?? DEFAULT_FOUR_EYES_POLICY;
}

/** An extension is measured from where the term ends now (or today, for an expired one). */
export function isExtensionBeyondLimit(policy: FourEyesPolicy, from: Date, to: Date): boolean {
  return policy.extendBeyondDays !== null && to.getTime() - from.getTime() > policy.extendBeyondDays * DAY_MS;
}
