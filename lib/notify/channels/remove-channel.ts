import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels } from "@/lib/db/schema";
import { Forbidden } from "@/lib/errors";
import { findOrgChannel } from "./channel-store";

export async function removeChannel(ctx: OrgCtx, { channelId }: { channelId: string }) {
  if (ctx.memberRole !== "owner") throw new Forbidden("Only an owner can change where notices go.");
  return ctx.db.transaction(async (tx) => {
    const channel = await findOrgChannel(tx, { orgId: ctx.orgId, channelId });
    await tx.delete(notificationChannels).where(eq(notificationChannels.id, channel.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "channel.removed",
      subjectType: "channel",
      subjectId: channel.id,
      data: { kind: channel.kind, target: channel.target },
    });
    return { channelId };
  });
}
