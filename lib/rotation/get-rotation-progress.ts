import { and, eq, inArray } from "drizzle-orm";
import type { LicenseRef, OrgCtx } from "@/lib/context";
import { rotations } from "@/lib/db/schema";
import { getKeyAdoption } from "./get-key-adoption";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";

/**
 * What the license page polls while it is open (issue 16, item 11): the open rotation's state, so
 * the page refreshes itself when the worker moves it (notified, issued, overlapping, completed),
 * and who has adopted the new key. Scoped like the page: another organization's license is a 404
 * (checked by getKeyAdoption before anything is read; a row the page loaded is checked on the row).
 */
export async function getRotationProgress(ctx: Pick<OrgCtx, "db" | "orgId" | "now">, license: LicenseRef) {
  const adoption = await getKeyAdoption(ctx, license);
  const licenseId = typeof license === "string" ? license : license.id;
  const [open] = await ctx.db
    .select({ id: rotations.id, state: rotations.state })
    .from(rotations)
    .where(and(eq(rotations.licenseId, licenseId), inArray(rotations.state, OPEN_ROTATION_STATES)));
  return { openRotation: open ?? null, adoption };
}

export type RotationProgress = Awaited<ReturnType<typeof getRotationProgress>>;
