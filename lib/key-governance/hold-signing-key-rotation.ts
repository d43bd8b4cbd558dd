/**
 * An admin holds a scope's scheduled signing-key rotation (issue 22), for example while clients
 * that have not fetched the JWKS for weeks are chased, and releases it later. The hold sits on the
 * scope's active key, so a manual rotation ends it with the key; both are audited with the reason.
 */
import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import { viewerOf } from "@/lib/auth/viewer";
import type { StaffCtx } from "@/lib/context";
import { signingKeys } from "@/lib/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import { signingKeyMachine } from "@/lib/signing";
import { assertAction } from "@/lib/state-machine";
import type { StaffReason } from "@/lib/validations/staff";

export async function holdSigningKeyRotation(ctx: StaffCtx, input: { kid: string } & StaffReason) {
  return setRotationHold(ctx, input, true);
}

export async function releaseSigningKeyRotation(ctx: StaffCtx, input: { kid: string } & StaffReason) {
  return setRotationHold(ctx, input, false);
}

async function setRotationHold(
  ctx: StaffCtx,
  { kid, reason, reasonCategory }: { kid: string } & StaffReason,
  isHeld: boolean,
) {
  assertAdmin(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select().from(signingKeys).where(eq(signingKeys.kid, kid)).for("update");
    if (!key) throw new NotFound("No such signing key.");
    assertAction(signingKeyMachine, "holdRotation", key, viewerOf(ctx));
    if ((key.rotationHeldAt !== null) === isHeld)
      throw new Conflict(isHeld ? "This scope's rotation is already held." : "This scope's rotation is not held.");
    await tx
      .update(signingKeys)
      .set(
        isHeld
          ? { rotationHeldAt: now, rotationHoldReason: reason }
          : { rotationHeldAt: null, rotationHoldReason: null },
      )
      .where(and(eq(signingKeys.id, key.id), eq(signingKeys.state, "active")));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: isHeld ? "signing_key.rotation_held" : "signing_key.rotation_released",
      subjectType: "signing_key",
      subjectId: kid,
      reason,
      data: { scope: key.scope, reasonCategory },
    });
    return { kid, isHeld };
  });
}
