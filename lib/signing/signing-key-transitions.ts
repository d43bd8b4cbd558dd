import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { announceChange, CHANGE_CHANNELS } from "@/lib/db/change-notices";
import { signingKeys } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, type TransitionTable, type Viewer } from "@/lib/state-machine";

export type SigningKeyState = (typeof signingKeys.state.enumValues)[number];

/**
 * pending (published, not yet used) → active (signs) → retiring (verify only) → retired, and
 * revoked from anywhere. A key is published while pending so clients learn it before it signs.
 */
export const signingKeyTransitions: TransitionTable<SigningKeyState> = {
  pending: ["active", "revoked"],
  active: ["retiring", "revoked"],
  retiring: ["retired", "revoked"],
  retired: ["revoked"],
  revoked: [],
};

type HasState = { state: SigningKeyState };
/** The key that signs for its scope now (at most one per scope). */
export const isSigning = (key: HasState) => key.state === "active";
/** Replaced: no longer signs, still published so what it signed keeps verifying. */
export const isVerifyOnly = (key: HasState) => key.state === "retiring";
/** Published, not yet signing: it may be activated once clients have had time to fetch it. */
export const isPublishedAhead = (key: HasState) => key.state === "pending";

const isAdmin = (viewer: Viewer) => viewer.type === "staff" && viewer.role === "admin";

/** The signing-key page's controls and the use cases' refusals, from one table (issue 23); all an admin's. */
export const signingKeyMachine = defineMachine({
  transitions: signingKeyTransitions,
  stateOf: (key: HasState) => key.state,
  actions: {
    activate: {
      from: ["pending"],
      allowed: isAdmin,
      refuse: (state) => new Conflict(`Only a pending key can be activated; this one is ${state}.`),
    },
    retire: {
      from: ["retiring"],
      allowed: isAdmin,
      refuse: (state) => new Conflict(`Only a retiring key can be retired; this one is ${state}.`),
    },
    /** Holds (or releases) the scope's scheduled rotation (signing-key-schedule.ts); the hold sits on its active key. */
    holdRotation: {
      from: ["active"],
      allowed: isAdmin,
      refuse: (state) => new Conflict(`Only the active key's rotation can be held; this key is ${state}.`),
    },
    /** Four eyes: this asks a second admin (lib/approvals), who runs the revocation. */
    requestRevocation: {
      from: ["pending", "active", "retiring", "retired"],
      allowed: isAdmin,
      refuse: () => new Conflict("This signing key is already revoked."),
    },
  },
});
export type SigningKeyAction = keyof typeof signingKeyMachine.actions;

const TIMESTAMP_FOR: Partial<Record<SigningKeyState, "activatedAt" | "retiringAt" | "retiredAt" | "revokedAt">> = {
  active: "activatedAt",
  retiring: "retiringAt",
  retired: "retiredAt",
  revoked: "revokedAt",
};

/** The only place a signing key changes state: guarded update + audit event, same transaction. */
export async function transitionSigningKey(
  tx: Tx,
  ctx: Ctx,
  key: { id: string; kid: string; state: SigningKeyState; scope: string },
  to: SigningKeyState,
  reason?: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  assertTransition(signingKeyTransitions, key.state, to, `Signing key ${key.kid}`);
  const now = ctx.now();
  const stamp = TIMESTAMP_FOR[to];
  const updated = await tx
    .update(signingKeys)
    .set({ state: to, ...(stamp ? { [stamp]: now } : {}) })
    .where(and(eq(signingKeys.id, key.id), eq(signingKeys.state, key.state)))
    .returning({ id: signingKeys.id });
  if (updated.length === 0)
    throw new Conflict(`Signing key ${key.kid} changed while we were working on it; try again.`);
  // Every process drops its cached active key and JWKS when this commits (signing-service.ts).
  await announceChange(tx, CHANGE_CHANNELS.signingKeys, key.kid);
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    action: `signing_key.${to}`,
    subjectType: "signing_key",
    subjectId: key.kid,
    reason,
    data: { from: key.state, to, scope: key.scope, ...data },
  });
}
