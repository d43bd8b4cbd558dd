import { valid as validSemver } from "semver";
import { z } from "zod";
import { staffReasonSchema } from "./staff";
import { pageQuerySchema } from "./management";
import { checkbox } from "./support";

/**
 * Releases (issue 19): what staff and the management API send to make and move a release, what
 * an artifact upload names in its query, and what client software asks the upgrade check.
 */
export const RELEASE_PLATFORMS = ["linux", "macos", "windows", "any"] as const;
export const RELEASE_ARCHES = ["x64", "arm64", "universal"] as const;
export const MAX_NOTES_LENGTH = 20_000;

/** Semantic Versioning 2.0.0 without build metadata (§10: it plays no part in precedence, so two builds would tie). */
export const semverSchema = z
  .string({ error: "Enter the version." })
  .trim()
  .max(64, "Keep the version under 64 characters.")
  .refine((version) => validSemver(version) === version && !version.includes("+"), {
    message: "Use a semantic version like 2.4.1 or 3.0.0-beta.2 (no leading v, no +build).",
  });

const channelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "The channel has at least 2 characters.")
  .max(20, "The channel has at most 20 characters.")
  .regex(/^[a-z][a-z0-9-]*$/, "Use lower-case letters, digits and dashes for the channel (like “beta”).");

/** An optional id from a select: the empty choice is none. */
const optionalId = (message: string) =>
  z.preprocess((value) => (value === "" || value === undefined ? null : value), z.uuid({ error: message }).nullable());

export const createReleaseSchema = staffReasonSchema.extend({
  productId: z.uuid({ error: "Choose a product." }),
  version: semverSchema,
  channel: channelSchema.default("stable"),
  notes: z.string().max(MAX_NOTES_LENGTH, "Keep the notes under 20,000 characters.").default(""),
  requiredEditionId: optionalId("Choose an edition of this product, or none."),
  requiredFeatureId: optionalId("Choose a feature of this product, or none."),
  keepsYankedDownloads: checkbox.default(false),
});
export type CreateReleaseInput = z.infer<typeof createReleaseSchema>;

export const releaseActionSchema = staffReasonSchema.extend({ releaseId: z.uuid({ error: "Choose a release." }) });
export type ReleaseActionInput = z.infer<typeof releaseActionSchema>;

export const platformSchema = z.enum(RELEASE_PLATFORMS, { message: `Use one of ${RELEASE_PLATFORMS.join(", ")}.` });
export const archSchema = z.enum(RELEASE_ARCHES, { message: `Use one of ${RELEASE_ARCHES.join(", ")}.` });

/** The artifact upload's query: the body is the file itself, streamed. */
export const artifactUploadSchema = z.object({
  releaseId: z.uuid({ error: "Choose a release." }),
  platform: platformSchema,
  arch: archSchema,
  fileName: z
    .string({ error: "Name the file." })
    .trim()
    .min(1, "Name the file.")
    .max(120, "Keep the file name under 120 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores for the file name."),
});
export type ArtifactUploadInput = z.infer<typeof artifactUploadSchema>;

/** `GET /api/v1/releases/upgrade`: the running version and where it runs. */
export const upgradeQuerySchema = z.object({
  product: z.string({ error: "Name the product code." }).trim().min(1, "Name the product code.").max(40),
  version: semverSchema,
  platform: platformSchema,
  arch: archSchema.optional(),
  channel: channelSchema.default("stable"),
});
export type UpgradeQuery = z.infer<typeof upgradeQuerySchema>;

/** The management API's release list: a page, of one product and/or channel when asked. */
export const releaseListQuerySchema = pageQuerySchema.extend({
  product: z.uuid({ error: "Give product as a product id." }).optional(),
  channel: channelSchema.optional(),
});
export type ReleaseListQuery = z.infer<typeof releaseListQuerySchema>;

/** A customer turns a license's new-release emails and webhooks on or off (issue 19, Notifications). */
export const releaseNoticesSchema = z.object({
  licenseId: z.uuid({ error: "Choose a license." }),
  choice: z.enum(["subscribe", "unsubscribe"], { error: "Choose whether to hear of new releases." }),
});
export type ReleaseNoticesInput = z.infer<typeof releaseNoticesSchema>;
