CREATE TYPE "public"."release_state" AS ENUM('draft', 'published', 'yanked');--> statement-breakpoint
CREATE TABLE "release_artifacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"release_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"arch" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"signature" text NOT NULL,
	"signing_kid" text NOT NULL,
	"download_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "release_artifacts_size_ck" CHECK ("release_artifacts"."size_bytes" >= 0),
	CONSTRAINT "release_artifacts_sha256_ck" CHECK ("release_artifacts"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"version" text NOT NULL,
	"channel" text DEFAULT 'stable' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"required_edition_id" uuid,
	"required_feature_id" uuid,
	"state" "release_state" DEFAULT 'draft' NOT NULL,
	"keeps_yanked_downloads" boolean DEFAULT false NOT NULL,
	"released_at" timestamp with time zone,
	"yanked_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "releases_published_date_ck" CHECK ("releases"."state" = 'draft' or "releases"."released_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "release_artifacts" ADD CONSTRAINT "release_artifacts_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_required_edition_id_editions_id_fk" FOREIGN KEY ("required_edition_id") REFERENCES "public"."editions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_required_feature_id_features_id_fk" FOREIGN KEY ("required_feature_id") REFERENCES "public"."features"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "release_artifacts_release_platform_arch_uq" ON "release_artifacts" USING btree ("release_id","platform","arch");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_product_channel_version_uq" ON "releases" USING btree ("product_id","channel","version");--> statement-breakpoint
CREATE INDEX "releases_required_edition_id_idx" ON "releases" USING btree ("required_edition_id");--> statement-breakpoint
CREATE INDEX "releases_required_feature_id_idx" ON "releases" USING btree ("required_feature_id");--> statement-breakpoint
CREATE INDEX "releases_created_by_idx" ON "releases" USING btree ("created_by");