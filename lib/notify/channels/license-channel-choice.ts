import { inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseChannels } from "@/lib/db/schema";

/**
 * The channels each license's owners chose, for the licenses that chose any (issue 16, item 10).
 * A license missing from the map follows its organisation: every verified channel.
 */
export async function findChosenChannels(
  db: Executor,
  licenseIds: Iterable<string>,
): Promise<Map<string, ReadonlySet<string>>> {
  const ids = [...new Set(licenseIds)];
  const chosen = new Map<string, Set<string>>();
  if (ids.length === 0) return chosen;
  const rows = await db
    .select({ licenseId: licenseChannels.licenseId, channelId: licenseChannels.channelId })
    .from(licenseChannels)
    .where(inArray(licenseChannels.licenseId, ids));
  for (const { licenseId, channelId } of rows) {
    const set = chosen.get(licenseId) ?? new Set<string>();
    set.add(channelId);
    chosen.set(licenseId, set);
  }
  return chosen;
}

/** Whether a notice about `licenseId` goes to `channelId`, given the licenses' choices. */
export function isChannelFor(
  chosen: ReadonlyMap<string, ReadonlySet<string>>,
  licenseId: string | null | undefined,
  channelId: string,
): boolean {
  const set = licenseId ? chosen.get(licenseId) : undefined;
  return set ? set.has(channelId) : true;
}
