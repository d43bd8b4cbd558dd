import { appendAuditEvents } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { updateRowsById } from "@/lib/db/json-rows";
import { licenseKeys } from "@/lib/db/schema";
import type { RevocationReasonCode } from "@rekey/sdk";
import { Conflict } from "@/lib/errors";
import { assertTransition, type TransitionTable } from "@/lib/state-machine";
import { recordRevocations } from "./record-revocation";

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

/** The key the license's software should be using now (at most one per license). */
export function isActiveKey(key: { state: LicenseKeyState }): boolean {
  return key.state === "active";
}

export function isRevokedKey(key: { state: LicenseKeyState }): boolean {
  return key.state === "revoked";
}

/** The old key of a rotation: it validates (VALID_ROTATING) until `retiresAt`, its successor is ready. */
export function isRetiringKey(key: { state: LicenseKeyState }): boolean {
  return key.state === "retiring";
}

/** The states whose keys still validate (pending keys already do): what a revocation stops. */
export const VALIDATING_KEY_STATES = ["pending", "active", "retiring"] as const satisfies readonly LicenseKeyState[];

export function isValidatingKey(key: { state: LicenseKeyState }): boolean {
  return (VALIDATING_KEY_STATES as readonly LicenseKeyState[]).includes(key.state);
}

/** Retired, or retiring with its overlap over before the worker caught up: it no longer validates. */
export function isRetiredKeyAt(key: { state: LicenseKeyState; retiresAt: Date | null }, now: Date): boolean {
  return key.state === "retired" || (isRetiringKey(key) && key.retiresAt !== null && key.retiresAt <= now);
}

type KeyStamp = Partial<
  Pick<typeof licenseKeys.$inferInsert, "activatedAt" | "retiringAt" | "retiresAt" | "retiredAt" | "revokedAt">
>;

export interface LicenseKeyMove {
  key: { id: string; state: LicenseKeyState; prefix: string; licenseId: string };
  orgId: string;
  reason?: string | null;
  /** What the revocation feed publishes when the move is to `revoked`; `unspecified` if not given. */
  revocationCode?: RevocationReasonCode;
  stamp?: KeyStamp;
}

/**
 * The only place license keys change state: one guarded update + audit events in the caller's
 * transaction, for one key or a batch (a bulk rotation step moves hundreds at once).
 */
export async function transitionLicenseKeys(
  tx: Tx,
  ctx: Ctx,
  moves: readonly LicenseKeyMove[],
  to: LicenseKeyState,
): Promise<void> {
  if (moves.length === 0) return;
  for (const { key } of moves) assertTransition(licenseKeyTransitions, key.state, to, `License key ${key.prefix}`);
  const now = ctx.now();
  const updated = await updateRowsById(
    tx,
    licenseKeys,
    moves.map(({ key, stamp = {} }) => ({ id: key.id, set: { state: to, ...stamp }, where: { state: key.state } })),
  );
  if (updated.length !== moves.length) {
    const changed = moves.find(({ key }) => !updated.includes(key.id)) ?? moves[0]!;
    throw new Conflict(`License key ${changed.key.prefix} changed while we were working on it; try again.`);
  }
  if (to === "revoked") {
    // The revocation feed lets offline clients learn of it: prefix + license + code, never the
    // key and never the reason someone typed.
    await recordRevocations(
      tx,
      moves.map(({ key, revocationCode = "unspecified" }) => ({
        kind: "license_key" as const,
        subjectId: key.prefix,
        licenseId: key.licenseId,
        reasonCode: revocationCode,
        revokedAt: now,
      })),
    );
  }
  await appendAuditEvents(
    tx,
    moves.map(({ key, orgId, reason, stamp = {} }) => ({
      actor: ctx.actor,
      at: now,
      orgId,
      action: `license_key.${to}`,
      subjectType: "license",
      subjectId: key.licenseId,
      reason: reason ?? undefined,
      // `retiresAt` lets the activity say until when an old key keeps working (lib/audit/event-sentences.ts).
      data: {
        keyId: key.id,
        prefix: key.prefix,
        from: key.state,
        to,
        ...(stamp.retiresAt ? { retiresAt: stamp.retiresAt } : {}),
      },
    })),
  );
}

export function transitionLicenseKey(
  tx: Tx,
  ctx: Ctx,
  key: LicenseKeyMove["key"],
  to: LicenseKeyState,
  options: Omit<LicenseKeyMove, "key">,
): Promise<void> {
  return transitionLicenseKeys(tx, ctx, [{ key, ...options }], to);
}
