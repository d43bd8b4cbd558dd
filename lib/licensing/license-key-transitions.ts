import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenseKeys } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, type TransitionTable } from "@/lib/state-machine";
import { recordRevocation } from "./record-revocation";

export type LicenseKeyState = (typeof licenseKeys.state.enumValues)[number];

/**
 * pending (issued, downloadable, already validates) → active → retiring (validates until
 * `retiresAt`) → retired; revoked from anywhere. Two moves exist only for a rollback during
 * an overlap: retiring → active (the old key comes back) and active → retired (the new one goes).
 */
export const licenseKeyTransitions: TransitionTable<LicenseKeyState> = {
  pending: ["active", "retired", "revoked"],
  active: ["retiring", "retired", "revoked"],
  retiring: ["retired", "active", "revoked"],
  retired: ["revoked"],
  revoked: [],
};

type KeyStamp = Partial<Pick<typeof licenseKeys.$inferInsert, "activatedAt" | "retiringAt" | "retiresAt" | "retiredAt" | "revokedAt">>;

/** The only place a license key changes state: guarded update + audit event, same transaction. */
export async function transitionLicenseKey(
  tx: Tx,
  ctx: Ctx,
  key: { id: string; state: LicenseKeyState; prefix: string; licenseId: string },
  to: LicenseKeyState,
  { orgId, reason, stamp = {} }: { orgId: string; reason?: string | null; stamp?: KeyStamp },
): Promise<void> {
  assertTransition(licenseKeyTransitions, key.state, to, `License key ${key.prefix}`);
  const updated = await tx
    .update(licenseKeys)
    .set({ state: to, ...stamp })
    .where(and(eq(licenseKeys.id, key.id), eq(licenseKeys.state, key.state)))
    .returning({ id: licenseKeys.id });
  if (updated.length === 0) throw new Conflict(`License key ${key.prefix} changed while we were working on it; try again.`);
  if (to === "revoked") {
    // The revocation feed lets offline clients learn of it: prefix + license, never the key.
    await recordRevocation(tx, { kind: "license_key", subjectId: key.prefix, licenseId: key.licenseId, reason: reason ?? "revoked", revokedAt: ctx.now() });
  }
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: ctx.now(),
    orgId,
    action: `license_key.${to}`,
    subjectType: "license",
    subjectId: key.licenseId,
    reason: reason ?? undefined,
    data: { keyId: key.id, prefix: key.prefix, from: key.state, to },
  });
}
