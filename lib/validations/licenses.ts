import { z } from "zod";
import { parseLicenseKey } from "@/lib/licensing/license-key-format";

export const licenseIdSchema = z.uuid({ error: "That is not a license id." });

export const customerSearchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(200, "Search for at most 200 characters.")
    // Staff never handle key material: a whole key pasted here would end up in URLs and logs.
    // A "checksum" failure has a whole key's shape (one typo): refused just the same.
    .refine((q) => {
      const parsed = parseLicenseKey(q);
      return !parsed.ok && parsed.reason !== "checksum";
    }, "That is a whole license key. Search by its prefix only (like RK-7F3Q), and ask the customer not to share full keys.")
    .default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type CustomerSearchInput = z.infer<typeof customerSearchSchema>;

/** A member or a seat holder reveals or copies one of a license's keys (audited as which). */
export const revealLicenseKeySchema = z.object({
  licenseId: z.uuid(),
  keyId: z.uuid(),
  purpose: z.enum(["reveal", "copy"]),
});
