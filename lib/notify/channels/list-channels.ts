import { asc, desc, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { notificationChannels, outbox } from "@/lib/db/schema";

/** The organisation's channels with the outcome of each one's latest delivery. */
export async function listChannels(ctx: Pick<OrgCtx, "db" | "orgId">) {
  const channels = await ctx.db
    .select({
      id: notificationChannels.id,
      kind: notificationChannels.kind,
      target: notificationChannels.target,
      label: notificationChannels.label,
      verifiedAt: notificationChannels.verifiedAt,
      createdAt: notificationChannels.createdAt,
    })
    .from(notificationChannels)
    .where(eq(notificationChannels.orgId, ctx.orgId))
    .orderBy(asc(notificationChannels.kind), asc(notificationChannels.createdAt));
  return Promise.all(
    channels.map(async (channel) => {
      const [last] = await ctx.db
        .select({ status: outbox.status, at: outbox.createdAt, lastError: outbox.lastError })
        .from(outbox)
        .where(eq(outbox.channelId, channel.id))
        .orderBy(desc(outbox.createdAt))
        .limit(1);
      return { ...channel, lastDelivery: last ?? null };
    }),
  );
}
