import { z } from "zod";

export const AUDIT_CATEGORIES = {
  all: { label: "Everything", prefix: undefined },
  rotation: { label: "Rotations", prefix: "rotation" },
  keys: { label: "License keys", prefix: "license_key." },
  files: { label: "License files", prefix: "license_file." },
  members: { label: "Members", prefix: "member." },
  channels: { label: "Notification channels", prefix: "channel." },
  devices: { label: "Devices", prefix: "device" },
} as const;

export const auditQuerySchema = z.object({
  category: z
    .enum(Object.keys(AUDIT_CATEGORIES) as [keyof typeof AUDIT_CATEGORIES, ...(keyof typeof AUDIT_CATEGORIES)[]])
    .catch("all"),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const isoDay = z.preprocess(blankToUndefined, z.iso.date({ error: "Use a date like 2026-11-23." }).optional());

/** Staff audit filters from the query string; a bad one is reported beside its field, never a 500. */
export const staffAuditQuerySchema = z
  .object({
    org: z.preprocess(blankToUndefined, z.uuid({ error: "Choose an organization from the list." }).optional()),
    actor: z.preprocess(
      blankToUndefined,
      z.string().trim().max(320, "Keep the actor under 320 characters.").optional(),
    ),
    action: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(100, "Keep the action prefix under 100 characters.")
        .regex(/^[a-z0-9_.]+$/, "Action prefixes use lowercase letters, digits, _ and . (e.g. license_key.).")
        .optional(),
    ),
    from: isoDay,
    to: isoDay,
    before: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()).catch(undefined),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["to"],
    message: "The end date is before the start date.",
  });
export type StaffAuditQuery = z.infer<typeof staffAuditQuerySchema>;

/** The filters as the use case takes them: `to` is inclusive in the form, so the range ends a day later (UTC). */
export function staffAuditFilters(query: StaffAuditQuery) {
  const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return {
    orgId: query.org,
    actor: query.actor,
    actionPrefix: query.action,
    from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
    to: query.to ? dayAfter(query.to) : undefined,
  };
}

/** `?org=` of the staff's per-organisation verifiable export. */
export const orgAuditExportQuerySchema = z.object({ org: z.uuid({ error: "Choose an organization from the list." }) });
