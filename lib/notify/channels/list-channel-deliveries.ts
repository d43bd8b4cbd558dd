import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { outbox } from "@/lib/db/schema";
import { isDelivered, type OutboxRow } from "../outbox-transitions";
import { findOrgChannel } from "./channel-store";

export const CHANNEL_DELIVERIES_PAGE_SIZE = 25;

/**
 * The class of the endpoint's last answer, as the customer may see it: delivered rows answered
 * 2xx; failed ones carry the class postWebhook recorded ("The endpoint answered 5xx."), or none
 * when nothing answered at all. Never the status itself or the body (lib/net: no probing).
 */
function responseClassOf(row: Pick<OutboxRow, "status" | "lastError">): string | null {
  if (isDelivered(row)) return "2xx";
  return /answered (\dxx)/.exec(row.lastError ?? "")?.[1] ?? (row.lastError ? "no answer" : null);
}

/** One webhook channel's deliveries, newest first, a page at a time (`before`: the last page's oldest). */
export async function listChannelDeliveries(
  ctx: Pick<OrgCtx, "db" | "orgId">,
  { channelId, before }: { channelId: string; before?: Date },
) {
  const channel = await findOrgChannel(ctx.db, { orgId: ctx.orgId, channelId });
  const rows = await ctx.db
    .select({
      id: outbox.id,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      nextAttemptAt: outbox.nextAttemptAt,
      eventType: sql<string>`coalesce(${outbox.payload}->>'type', '')`,
    })
    .from(outbox)
    .where(
      and(
        eq(outbox.channelId, channel.id),
        eq(outbox.orgId, ctx.orgId),
        before ? lt(outbox.createdAt, before) : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(CHANNEL_DELIVERIES_PAGE_SIZE + 1);
  const page = rows.slice(0, CHANNEL_DELIVERIES_PAGE_SIZE);
  return {
    channel: {
      id: channel.id,
      kind: channel.kind,
      target: channel.target,
      label: channel.label,
      verifiedAt: channel.verifiedAt,
    },
    deliveries: page.map(({ lastError, ...row }) => ({
      ...row,
      responseClass: responseClassOf({ ...row, lastError }),
    })),
    nextBefore: rows.length > CHANNEL_DELIVERIES_PAGE_SIZE ? page.at(-1)!.createdAt : null,
  };
}
