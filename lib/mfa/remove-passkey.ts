import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { userPasskeys } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { requireMayChangeFactors } from "./require-may-change-factors";

/** Removes one of the person's own passkeys (someone else's id is not found). */
export async function removePasskey(
  ctx: PersonCtx,
  { sessionToken, passkeyId }: { sessionToken: string; passkeyId: string },
): Promise<void> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await requireMayChangeFactors(tx, { userId, sessionToken }, "remove a passkey");
    const [removed] = await tx
      .delete(userPasskeys)
      .where(and(eq(userPasskeys.id, passkeyId), eq(userPasskeys.userId, userId)))
      .returning({ id: userPasskeys.id });
    if (!removed) throw new NotFound("Passkey not found.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "second_factor.passkey_removed",
      subjectType: "user",
      subjectId: userId,
      data: { passkeyId },
    });
  });
}
