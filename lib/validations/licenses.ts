import { z } from "zod";

export const licenseIdSchema = z.uuid({ error: "That is not a license id." });

export const customerSearchSchema = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters.").default(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type CustomerSearchInput = z.infer<typeof customerSearchSchema>;
