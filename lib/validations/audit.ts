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
  category: z.enum(Object.keys(AUDIT_CATEGORIES) as [keyof typeof AUDIT_CATEGORIES, ...(keyof typeof AUDIT_CATEGORIES)[]]).catch("all"),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
