import { z } from "zod";

/**
 * Query strings of the management API's lists (issue 15): `limit` + an opaque `cursor` on every
 * list, and the filters each list supports. Times are ISO-8601 with a zone (answers are UTC).
 */
export const MAX_PAGE_SIZE = 100;

const isoTime = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `Give ${field} as an ISO-8601 time, like 2027-01-31T00:00:00Z.` })
    .transform((value) => new Date(value));

export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "Give limit as a number." })
    .int("Give limit as a whole number.")
    .min(1, "limit is at least 1.")
    .max(MAX_PAGE_SIZE, `limit is at most ${MAX_PAGE_SIZE}.`)
    .default(50),
  cursor: z.string().max(200, "That is not a cursor this API gave out.").optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const LICENSE_STATUSES = ["active", "suspended", "expired", "revoked"] as const;

export const licenseListQuerySchema = pageQuerySchema.extend({
  customer: z.uuid({ error: "customer is an organization id." }).optional(),
  product: z.uuid({ error: "product is a product id." }).optional(),
  status: z.enum(LICENSE_STATUSES, { message: `status is one of ${LICENSE_STATUSES.join(", ")}.` }).optional(),
  expiringBefore: isoTime("expiringBefore").optional(),
  expiringAfter: isoTime("expiringAfter").optional(),
});
export type LicenseListQuery = z.infer<typeof licenseListQuerySchema>;

export const editionListQuerySchema = pageQuerySchema.extend({
  product: z.uuid({ error: "product is a product id." }).optional(),
});
export type EditionListQuery = z.infer<typeof editionListQuerySchema>;

export const DEVICE_STATUSES = ["active", "inactive", "deactivated"] as const;
export const deviceListQuerySchema = pageQuerySchema.extend({
  status: z.enum(DEVICE_STATUSES, { message: `status is one of ${DEVICE_STATUSES.join(", ")}.` }).optional(),
});
export type DeviceListQuery = z.infer<typeof deviceListQuerySchema>;

export const eventListQuerySchema = pageQuerySchema.extend({
  customer: z.uuid({ error: "customer is an organization id." }).optional(),
  license: z.uuid({ error: "license is a license id." }).optional(),
  after: isoTime("after").optional(),
  before: isoTime("before").optional(),
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;
