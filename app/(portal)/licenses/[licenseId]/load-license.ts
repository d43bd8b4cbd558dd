import { notFound } from "next/navigation";
import { cache } from "react";
import { requireOrgContext } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { getLicense } from "@/lib/licensing";
import { licenseIdSchema } from "@/lib/validations/licenses";

/**
 * Loaded once per request by both the layout and the page. The layout's call decides the status
 * code: it runs before any loading boundary streams, so another organisation's id is a real 404.
 */
export const loadLicense = cache(async (licenseId: string) => {
  const ctx = await requireOrgContext();
  if (!licenseIdSchema.safeParse(licenseId).success) notFound();
  try {
    return { ctx, license: await getLicense(ctx, licenseId) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
});
