/** The schema's Releases tables (issue 19; lib/db/schema/index.ts gathers every file; conventions there). */
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { editions, features, products } from "./catalogue";
import { createdAt, tstz } from "./columns";
import { licenses } from "./licensing";
import { organizations } from "./tenancy";

export const releaseState = pgEnum("release_state", ["draft", "published", "yanked"]);

/**
 * One version of a product's software on one channel. Who may download it: licenses of the
 * product, narrowed by `requiredEditionId` and/or `requiredFeatureId` when set.
 */
export const releases = pgTable(
  "releases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Semantic Versioning 2.0.0, without build metadata (it does not order versions, §10). */
    version: text("version").notNull(),
    channel: text("channel").notNull().default("stable"),
    /** Markdown; rendered with raw HTML escaped (lib/releases/render-release-notes.ts). */
    notes: text("notes").notNull().default(""),
    requiredEditionId: uuid("required_edition_id").references(() => editions.id, { onDelete: "restrict" }),
    requiredFeatureId: uuid("required_feature_id").references(() => features.id, { onDelete: "restrict" }),
    state: releaseState("state").notNull().default("draft"),
    /** Yanked, yet still downloadable by those who ask for this exact version, because the vendor said so. */
    keepsYankedDownloads: boolean("keeps_yanked_downloads").notNull().default(false),
    /** The release date customers see; set when published. */
    releasedAt: tstz("released_at"),
    yankedAt: tstz("yanked_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("releases_product_channel_version_uq").on(t.productId, t.channel, t.version),
    index("releases_required_edition_id_idx").on(t.requiredEditionId),
    index("releases_required_feature_id_idx").on(t.requiredFeatureId),
    index("releases_created_by_idx").on(t.createdBy),
    check("releases_published_date_ck", sql`${t.state} = 'draft' or ${t.releasedAt} is not null`),
  ],
);

/** A file of a release for one platform and architecture, stored by lib/releases/artifact-store.ts. */
export const releaseArtifacts = pgTable(
  "release_artifacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    releaseId: uuid("release_id")
      .notNull()
      .references(() => releases.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    arch: text("arch").notNull(),
    fileName: text("file_name").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Where the bytes are in the artifact store; never shown to anyone. */
    storageKey: text("storage_key").notNull(),
    /** A JWS over the digest (lib/releases/sign-artifact-digest.ts), verifiable with the JWKS alone. */
    signature: text("signature").notNull(),
    signingKid: text("signing_kid").notNull(),
    downloadCount: integer("download_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("release_artifacts_release_platform_arch_uq").on(t.releaseId, t.platform, t.arch),
    check("release_artifacts_size_ck", sql`${t.sizeBytes} >= 0`),
    check("release_artifacts_sha256_ck", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * The licenses whose people asked to hear of new releases (issue 19, "customers who opt in per
 * license"): a row means opted in. Who hears is the license's notice audience (owners and its
 * chosen channels, lib/notify).
 */
export const releaseNoticeSubscriptions = pgTable(
  "release_notice_subscriptions",
  {
    licenseId: uuid("license_id")
      .primaryKey()
      .references(() => licenses.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("release_notice_subscriptions_org_id_idx").on(t.orgId),
    index("release_notice_subscriptions_created_by_idx").on(t.createdBy),
  ],
);
