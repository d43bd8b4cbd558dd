import { type OrgCtx, orgLicenseId } from "@/lib/context";
import { findChosenChannels } from "./license-channel-choice";
import { listChannels } from "./list-channels";

/** The organisation's channels, each marked as receiving this license's notices or not. */
export async function getLicenseChannels(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string) {
  await orgLicenseId(ctx, licenseId);
  const [channels, chosen] = await Promise.all([listChannels(ctx), findChosenChannels(ctx.db, [licenseId])]);
  const picked = chosen.get(licenseId);
  return {
    followsOrganization: !picked,
    channels: channels.map((channel) => ({ ...channel, isChosen: picked ? picked.has(channel.id) : true })),
  };
}
