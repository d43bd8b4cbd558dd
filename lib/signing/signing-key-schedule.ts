/**
 * Signing keys rotate on schedule by themselves (issue 22): each pass of the worker keeps the next
 * key of every scope published ahead, activates it once the active key has signed for its planned
 * life, and retires a replaced key once its verify-only period is over. An admin may hold a scope
 * (lib/key-governance/hold-signing-key-rotation.ts); a held scope is left exactly as it is.
 *
 * Each step is the same store operation an admin's click runs (guarded transition + audit event),
 * so the overlap rules and the audit trail are the same. Two workers racing on one scope lose
 * cleanly: the guarded update refuses the second, which this pass counts as skipped.
 */
import { and, eq, inArray, isNotNull, lte } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import { signingKeys } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { publishedLongEnoughAt, rotateSigningKey } from "./ensure-signing-keys";
import { findSigningKeys, generateSigningKey, retireSigningKey } from "./signing-key-store";

const DAY_MS = 86_400_000;

export interface SigningKeySchedulePolicy {
  /** How long a key signs before the next one takes over (REKEY_SIGNING_KEY_ROTATE_DAYS). */
  activeDays: number;
  /**
   * How long a replaced key stays in the JWKS, verify only (REKEY_SIGNING_KEY_VERIFY_ONLY_DAYS). It
   * must outlast everything the key signed: a license file lives up to LICENSE_FILE_REFRESH_DAYS
   * (30) plus the license's offline grace, so the default of 60 leaves room for a 30-day grace.
   */
  verifyOnlyDays: number;
}

/** When an active key hands over to its successor. */
export function plannedSigningKeyRotationAt(key: { activatedAt: Date | null }, policy: SigningKeySchedulePolicy) {
  return key.activatedAt ? new Date(key.activatedAt.getTime() + policy.activeDays * DAY_MS) : null;
}

/** When a retiring key leaves the JWKS. */
export function plannedSigningKeyRetirementAt(key: { retiringAt: Date | null }, policy: SigningKeySchedulePolicy) {
  return key.retiringAt ? new Date(key.retiringAt.getTime() + policy.verifyOnlyDays * DAY_MS) : null;
}

export interface SigningKeyScheduleReport {
  published: number;
  activated: number;
  retired: number;
  held: number;
  skipped: number;
}

export async function advanceSigningKeySchedule(
  ctx: Ctx,
  { ring, policy }: { ring: MasterKeyRing; policy: SigningKeySchedulePolicy },
): Promise<SigningKeyScheduleReport> {
  const report: SigningKeyScheduleReport = { published: 0, activated: 0, retired: 0, held: 0, skipped: 0 };
  const now = ctx.now();
  const active = await ctx.db.select().from(signingKeys).where(eq(signingKeys.state, "active"));
  const heldScopes = new Set(active.filter((key) => key.rotationHeldAt !== null).map((key) => key.scope));
  report.held = heldScopes.size;

  for (const key of active) {
    if (heldScopes.has(key.scope)) continue;
    await countRace(report, async () => {
      // The newest published key takes over: one an admin published with another algorithm is a
      // migration in progress (algorithm agility), which the schedule completes rather than undoes.
      const successor = (await findSigningKeys(ctx.db, key.scope, ["pending"])).at(-1);
      if (!successor) {
        await generateSigningKey(ctx, {
          scope: key.scope,
          algorithm: key.algorithm,
          ring,
          reason: "published ahead of its scheduled activation",
        });
        report.published++;
        return;
      }
      const rotatesAt = plannedSigningKeyRotationAt(key, policy);
      // A successor published too recently waits: clients' cached JWKS must hold it first.
      if (!rotatesAt || rotatesAt > now || publishedLongEnoughAt(successor) > now) return;
      await rotateSigningKey(ctx, {
        ring,
        scope: key.scope,
        algorithm: successor.algorithm,
        reason: `scheduled rotation after ${policy.activeDays} days of signing`,
      });
      report.activated++;
    });
  }

  const retiringBefore = new Date(now.getTime() - policy.verifyOnlyDays * DAY_MS);
  const due = await ctx.db
    .select({ kid: signingKeys.kid, scope: signingKeys.scope })
    .from(signingKeys)
    .where(
      and(
        inArray(signingKeys.state, ["retiring"]),
        isNotNull(signingKeys.retiringAt),
        lte(signingKeys.retiringAt, retiringBefore),
      ),
    );
  for (const key of due) {
    if (heldScopes.has(key.scope)) continue;
    await countRace(report, async () => {
      await retireSigningKey(ctx, {
        kid: key.kid,
        reason: `verify-only period of ${policy.verifyOnlyDays} days ended`,
      });
      report.retired++;
    });
  }
  return report;
}

/** Another worker took this step first: its guarded transition won, ours is refused. */
async function countRace(report: SigningKeyScheduleReport, step: () => Promise<void>) {
  try {
    await step();
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    report.skipped++;
  }
}
