import { and, desc, eq } from "drizzle-orm";
import type { Ctx, StaffCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { signingKeys } from "@/lib/db/schema";
import { NotFound, PolicyViolation } from "@/lib/errors";
import { requestApproval } from "@/lib/approvals/request-approval";
import { assertAdmin } from "@/lib/auth/require-admin";
import { recordRevocation } from "@/lib/licensing/record-revocation";
import type { StaffReason, StaffReasonCategory } from "@/lib/validations/staff";
import type { RevocationReasonCode } from "@rekey/sdk";
import { viewerOf } from "@/lib/auth/viewer";
import { GLOBAL_SCOPE, isSigning, signingKeyMachine, transitionSigningKey } from "@/lib/signing";
import { assertAction } from "@/lib/state-machine";

/** A signing key revoked for security or an incident is taken as compromised; anything else says no more. */
function signingKeyRevocationCode(reasonCategory: StaffReasonCategory | undefined): RevocationReasonCode {
  return reasonCategory === "security" || reasonCategory === "incident" ? "key_compromise" : "unspecified";
}

async function lockSigningKey(tx: Tx, kid: string) {
  const [key] = await tx.select().from(signingKeys).where(eq(signingKeys.kid, kid)).for("update");
  if (!key) throw new NotFound("No such signing key.", `unknown signing key ${kid}`);
  return key;
}

/**
 * Asks a second admin to revoke a signing key (four eyes). Nothing changes until they approve;
 * the approval runs `revokeSigningKey` in its own transaction.
 */
export async function requestSigningKeyRevocation(
  ctx: StaffCtx,
  { kid, reason, reasonCategory, ttlHours }: { kid: string; ttlHours: number } & StaffReason,
) {
  assertAdmin(ctx);
  return ctx.db.transaction(async (tx) => {
    const key = await lockSigningKey(tx, kid);
    assertAction(signingKeyMachine, "requestRevocation", key, viewerOf(ctx));
    return requestApproval(tx, ctx, {
      action: "signing_key.revoke",
      subjectType: "signing_key",
      subjectId: kid,
      payload: { scope: key.scope, state: key.state },
      reason,
      reasonCategory,
      ttlHours,
    });
  });
}

/**
 * Revokes a signing key: it leaves the JWKS, so every token it signed stops verifying, and the
 * revocation feed tells offline clients. An active key hands over to the newest published pending
 * key of its scope at once (no waiting for caches: a compromised key must stop now). The global
 * scope always needs a successor; a product or edition scope falls back to the broader key.
 */
export async function revokeSigningKey(
  tx: Tx,
  ctx: Ctx,
  { kid, reason, reasonCategory }: { kid: string } & StaffReason,
) {
  const key = await lockSigningKey(tx, kid);
  const data = { reasonCategory };
  let successor: string | null = null;
  if (isSigning(key)) {
    const [next] = await tx
      .select()
      .from(signingKeys)
      .where(and(eq(signingKeys.scope, key.scope), eq(signingKeys.state, "pending")))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1)
      .for("update");
    if (!next && key.scope === GLOBAL_SCOPE) {
      throw new PolicyViolation(
        "The global scope has no published next key to take over. Generate a next key first, then approve the revocation.",
      );
    }
    await transitionSigningKey(tx, ctx, key, "revoked", reason, data);
    if (next) {
      await transitionSigningKey(tx, ctx, next, "active", `takes over from revoked key ${kid}`, data);
      successor = next.kid;
    }
  } else {
    await transitionSigningKey(tx, ctx, key, "revoked", reason, data);
  }
  await recordRevocation(tx, {
    kind: "signing_key",
    subjectId: kid,
    reasonCode: signingKeyRevocationCode(reasonCategory),
    revokedAt: ctx.now(),
  });
  return { revoked: kid, successor };
}
