import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireHolderContext } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { openHeldLicense } from "@/lib/seats";
import { licenseIdSchema } from "@/lib/validations/licenses";

/**
 * The license of a holder-view URL, opened for this person or a 404: a license they hold no seat
 * of (or outside their license-key sign-in's scope) looks exactly like a missing one.
 */
export const loadHeldLicense = cache(async (licenseId: string) => {
  const { ctx, session } = await requireHolderContext();
  if (!licenseIdSchema.safeParse(licenseId).success) notFound();
  try {
    return { ctx: await openHeldLicense(ctx, licenseId), session };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
});
