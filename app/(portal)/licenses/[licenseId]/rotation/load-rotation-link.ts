import { NotFound } from "@/lib/errors";
import { describeRotationLink, getEffectiveRotationPreference } from "@/lib/rotation";
import { rotationLinkSchema } from "@/lib/validations/rotation";
import { loadLicense } from "../load-license";

/**
 * What a one-click email link leads to: the license (404 for another organisation's), the
 * customer's zone for every time shown, and where the named rotation stands now. Reads only:
 * these pages are opened by GET from an email, so the write waits for the confirm button.
 */
export async function loadRotationLink(licenseId: string, searchParams: Record<string, string | string[] | undefined>) {
  const { ctx, license } = await loadLicense(licenseId);
  const preference = await getEffectiveRotationPreference(ctx, licenseId);
  const timeZone = preference?.timeZone ?? "UTC";
  const link = rotationLinkSchema.safeParse(searchParams);
  if (!link.success) return { ctx, license, preference, timeZone, standing: null };
  try {
    const standing = await describeRotationLink(ctx, {
      licenseId,
      rotationId: link.data.rotation,
      announcedFor: link.data.at,
    });
    return { ctx, license, preference, timeZone, standing };
  } catch (error) {
    if (error instanceof NotFound) return { ctx, license, preference, timeZone, standing: null };
    throw error;
  }
}
