import { and, eq, getTableColumns, inArray } from "drizzle-orm";
import { appendAuditEvents } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { setPerRow, valueById } from "@/lib/db/per-row-values";
import { licenseKeys } from "@/lib/db/schema";
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

type KeyStamp = Partial<Pick<typeof licenseKeys.$inferInsert, "activatedAt" | "retiringAt" | "retiresAt" | "retiredAt" | "revokedAt">>;

export interface LicenseKeyMove {
  key: { id: string; state: LicenseKeyState; prefix: string; licenseId: string };
  orgId: string;
  reason?: string | null;
  stamp?: KeyStamp;
}

/**
 * The only place license keys change state: one guarded update + audit events in the caller's
 * transaction, for one key or a batch (a bulk rotation step moves hundreds at once).
 */
export async function transitionLicenseKeys(tx: Tx, ctx: Ctx, moves: readonly LicenseKeyMove[], to: LicenseKeyState): Promise<void> {
  if (moves.length === 0) return;
  for (const { key } of moves) assertTransition(licenseKeyTransitions, key.state, to, `License key ${key.prefix}`);
  const now = ctx.now();
  const stamps = moves.map(({ key, stamp = {} }) => ({ id: key.id, values: stamp }));
  const updated = await tx
    .update(licenseKeys)
    .set({ state: to, ...(setPerRow(licenseKeys.id, getTableColumns(licenseKeys), stamps) as KeyStamp) })
    .where(and(inArray(licenseKeys.id, moves.map(({ key }) => key.id)), eq(licenseKeys.state, valueById(licenseKeys.id, licenseKeys.state, new Map(moves.map(({ key }) => [key.id, key.state]))) as LicenseKeyState)))
    .returning({ id: licenseKeys.id });
  if (updated.length !== moves.length) {
    const changed = moves.find(({ key }) => !updated.some((row) => row.id === key.id)) ?? moves[0]!;
    throw new Conflict(`License key ${changed.key.prefix} changed while we were working on it; try again.`);
  }
  if (to === "revoked") {
    // The revocation feed lets offline clients learn of it: prefix + license, never the key.
    await recordRevocations(
      tx,
      moves.map(({ key, reason }) => ({ kind: "license_key" as const, subjectId: key.prefix, licenseId: key.licenseId, reason: reason ?? "revoked", revokedAt: now })),
    );
  }
  await appendAuditEvents(
    tx,
    moves.map(({ key, orgId, reason }) => ({
      actor: ctx.actor,
      at: now,
      orgId,
      action: `license_key.${to}`,
      subjectType: "license",
      subjectId: key.licenseId,
      reason: reason ?? undefined,
      data: { keyId: key.id, prefix: key.prefix, from: key.state, to },
    })),
  );
}

export function transitionLicenseKey(tx: Tx, ctx: Ctx, key: LicenseKeyMove["key"], to: LicenseKeyState, options: Omit<LicenseKeyMove, "key">): Promise<void> {
  return transitionLicenseKeys(tx, ctx, [{ key, ...options }], to);
}
