import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { statusSubscribers } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { isUnsubscribeTokenValid } from "./subscriber-links";

/** The link in every status email. The address is forgotten, not just muted. */
export async function unsubscribeFromStatus(
  ctx: Ctx,
  { subscriberId, token }: { subscriberId: string; token: string },
  { hasher }: { hasher: KeyedHasher },
): Promise<void> {
  if (!isUnsubscribeTokenValid(hasher, subscriberId, token))
    throw new NotFound("This unsubscribe link is not valid. Use the link from the latest status email.");
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(statusSubscribers)
      .where(eq(statusSubscribers.id, subscriberId))
      .returning({ id: statusSubscribers.id });
    // A second click finds nothing to remove: the address is already gone, which is what was asked.
    if (removed)
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: "status_subscriber.removed",
        subjectType: "status_subscriber",
        subjectId: removed.id,
      });
  });
}
