import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { findChosenChannels } from "./license-channel-choice";
import { listChannels } from "./list-channels";

/** The organisation's channels, each marked as receiving this license's notices or not. */
export async function getLicenseChannels(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string) {
  const [license] = await ctx.db
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  const [channels, chosen] = await Promise.all([listChannels(ctx), findChosenChannels(ctx.db, [license.id])]);
  const picked = chosen.get(license.id);
  return {
    followsOrganization: !picked,
    channels: channels.map((channel) => ({ ...channel, isChosen: picked ? picked.has(channel.id) : true })),
  };
}
