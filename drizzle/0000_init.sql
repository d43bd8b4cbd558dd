CREATE TYPE "public"."actor_type" AS ENUM('user', 'staff', 'system', 'api');--> statement-breakpoint
CREATE TYPE "public"."approval_status" AS ENUM('pending', 'approved', 'rejected', 'expired', 'executed');--> statement-breakpoint
CREATE TYPE "public"."channel_kind" AS ENUM('email', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."device_status" AS ENUM('active', 'inactive', 'deactivated');--> statement-breakpoint
CREATE TYPE "public"."license_key_state" AS ENUM('pending', 'active', 'retiring', 'retired', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."license_status" AS ENUM('active', 'suspended', 'expired', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('owner', 'member');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'dead');--> statement-breakpoint
CREATE TYPE "public"."revocation_kind" AS ENUM('license', 'license_key', 'signing_key', 'device');--> statement-breakpoint
CREATE TYPE "public"."rotation_kind" AS ENUM('scheduled', 'customer', 'emergency', 'reissue');--> statement-breakpoint
CREATE TYPE "public"."rotation_state" AS ENUM('planned', 'notified', 'issued', 'overlapping', 'completed', 'cancelled', 'rolled_back', 'failed');--> statement-breakpoint
CREATE TYPE "public"."signing_algorithm" AS ENUM('EdDSA', 'ES256', 'RS256');--> statement-breakpoint
CREATE TYPE "public"."signing_key_state" AS ENUM('pending', 'active', 'retiring', 'retired', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('support', 'admin');--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" "approval_status" DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "approvals_four_eyes_ck" CHECK ("approvals"."decided_by" is null or "approvals"."decided_by" <> "approvals"."requested_by")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"org_id" uuid,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"fingerprint_digest" text NOT NULL,
	"name" text NOT NULL,
	"platform" text DEFAULT 'unknown' NOT NULL,
	"status" "device_status" DEFAULT 'active' NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "editions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "features" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "freeze_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "freeze_periods_range_ck" CHECK ("freeze_periods"."ends_at" > "freeze_periods"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "license_entitlements" (
	"license_id" uuid NOT NULL,
	"feature_id" uuid NOT NULL,
	CONSTRAINT "license_entitlements_license_id_feature_id_pk" PRIMARY KEY("license_id","feature_id")
);
--> statement-breakpoint
CREATE TABLE "license_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"state" "license_key_state" DEFAULT 'pending' NOT NULL,
	"prefix" text NOT NULL,
	"digest" text NOT NULL,
	"ciphertext" text NOT NULL,
	"master_key_version" integer NOT NULL,
	"activated_at" timestamp with time zone,
	"retiring_at" timestamp with time zone,
	"retires_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_keys_digest_unique" UNIQUE("digest")
);
--> statement-breakpoint
CREATE TABLE "licenses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"edition_id" uuid NOT NULL,
	"seats" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"status" "license_status" DEFAULT 'active' NOT NULL,
	"offline_grace_days" integer DEFAULT 7 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licenses_seats_ck" CHECK ("licenses"."seats" > 0),
	CONSTRAINT "licenses_grace_ck" CHECK ("licenses"."offline_grace_days" >= 0),
	CONSTRAINT "licenses_validity_ck" CHECK ("licenses"."expires_at" is null or "licenses"."expires_at" > "licenses"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" "channel_kind" NOT NULL,
	"target" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"secret_ciphertext" text,
	"verification_digest" text,
	"verified_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_members" (
	"org_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"role" "member_role" DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_members_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"channel_id" uuid,
	"kind" "channel_kind" NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "revocations" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revocations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "revocation_kind" NOT NULL,
	"subject_id" text NOT NULL,
	"license_id" uuid,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rotation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"edition_id" uuid,
	"version" integer NOT NULL,
	"allowed_cadence_days" integer[] NOT NULL,
	"allow_manual_cadence" boolean DEFAULT true NOT NULL,
	"min_overlap_minutes" integer NOT NULL,
	"max_overlap_minutes" integer NOT NULL,
	"min_notice_days" integer NOT NULL,
	"max_postpone_days" integer NOT NULL,
	"allow_token_bridging" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_policies_overlap_ck" CHECK ("rotation_policies"."min_overlap_minutes" >= 0 and "rotation_policies"."max_overlap_minutes" >= "rotation_policies"."min_overlap_minutes"),
	CONSTRAINT "rotation_policies_notice_ck" CHECK ("rotation_policies"."min_notice_days" >= 0 and "rotation_policies"."max_postpone_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rotation_preference_channels" (
	"preference_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	CONSTRAINT "rotation_preference_channels_preference_id_channel_id_pk" PRIMARY KEY("preference_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "rotation_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"license_id" uuid,
	"cadence_days" integer,
	"window_weekdays" integer[] NOT NULL,
	"window_start_minute" integer NOT NULL,
	"window_duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"notice_lead_days" integer[] NOT NULL,
	"overlap_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotation_preferences_window_ck" CHECK ("rotation_preferences"."window_start_minute" between 0 and 1439 and "rotation_preferences"."window_duration_minutes" between 15 and 1440),
	CONSTRAINT "rotation_preferences_overlap_ck" CHECK ("rotation_preferences"."overlap_minutes" >= 0),
	CONSTRAINT "rotation_preferences_cadence_ck" CHECK ("rotation_preferences"."cadence_days" is null or "rotation_preferences"."cadence_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "rotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"kind" "rotation_kind" NOT NULL,
	"state" "rotation_state" DEFAULT 'planned' NOT NULL,
	"policy_id" uuid,
	"scheduled_for" timestamp with time zone NOT NULL,
	"overlap_minutes" integer NOT NULL,
	"old_key_id" uuid,
	"new_key_id" uuid,
	"notified_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	"overlap_ends_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"requested_by" text,
	"reason" text,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotations_overlap_ck" CHECK ("rotations"."overlap_minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kid" text NOT NULL,
	"algorithm" "signing_algorithm" DEFAULT 'EdDSA' NOT NULL,
	"scope" text NOT NULL,
	"product_id" uuid,
	"edition_id" uuid,
	"state" "signing_key_state" DEFAULT 'pending' NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_ciphertext" text NOT NULL,
	"master_key_version" integer NOT NULL,
	"activated_at" timestamp with time zone,
	"retiring_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signing_keys_kid_unique" UNIQUE("kid")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text NOT NULL,
	"email_verified" timestamp with time zone,
	"image" text,
	"staff_role" "staff_role",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "features" ADD CONSTRAINT "features_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "freeze_periods" ADD CONSTRAINT "freeze_periods_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_entitlements" ADD CONSTRAINT "license_entitlements_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_entitlements" ADD CONSTRAINT "license_entitlements_feature_id_features_id_fk" FOREIGN KEY ("feature_id") REFERENCES "public"."features"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_keys" ADD CONSTRAINT "license_keys_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revocations" ADD CONSTRAINT "revocations_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_preference_channels" ADD CONSTRAINT "rotation_preference_channels_preference_id_rotation_preferences_id_fk" FOREIGN KEY ("preference_id") REFERENCES "public"."rotation_preferences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_preference_channels" ADD CONSTRAINT "rotation_preference_channels_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_preferences" ADD CONSTRAINT "rotation_preferences_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_preferences" ADD CONSTRAINT "rotation_preferences_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_policy_id_rotation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."rotation_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_old_key_id_license_keys_id_fk" FOREIGN KEY ("old_key_id") REFERENCES "public"."license_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_new_key_id_license_keys_id_fk" FOREIGN KEY ("new_key_id") REFERENCES "public"."license_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_id_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "approvals_requested_by_idx" ON "approvals" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "approvals_decided_by_idx" ON "approvals" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "approvals_status_idx" ON "approvals" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "audit_events_org_id_idx" ON "audit_events" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "devices_license_id_idx" ON "devices" USING btree ("license_id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_license_fingerprint_uq" ON "devices" USING btree ("license_id","fingerprint_digest");--> statement-breakpoint
CREATE UNIQUE INDEX "editions_product_code_uq" ON "editions" USING btree ("product_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "features_product_code_uq" ON "features" USING btree ("product_id","code");--> statement-breakpoint
CREATE INDEX "freeze_periods_product_id_idx" ON "freeze_periods" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "license_entitlements_feature_id_idx" ON "license_entitlements" USING btree ("feature_id");--> statement-breakpoint
CREATE INDEX "license_keys_license_id_idx" ON "license_keys" USING btree ("license_id");--> statement-breakpoint
CREATE INDEX "license_keys_prefix_idx" ON "license_keys" USING btree ("prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "license_keys_one_active_uq" ON "license_keys" USING btree ("license_id") WHERE "license_keys"."state" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "license_keys_one_transitional_uq" ON "license_keys" USING btree ("license_id") WHERE "license_keys"."state" in ('pending', 'retiring');--> statement-breakpoint
CREATE INDEX "licenses_org_id_idx" ON "licenses" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "licenses_product_id_idx" ON "licenses" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "licenses_edition_id_idx" ON "licenses" USING btree ("edition_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_channels_target_uq" ON "notification_channels" USING btree ("org_id","kind","target");--> statement-breakpoint
CREATE INDEX "org_members_user_id_idx" ON "org_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_org_id_idx" ON "outbox" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "outbox_channel_id_idx" ON "outbox" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "revocations_license_id_idx" ON "revocations" USING btree ("license_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_policies_scope_version_uq" ON "rotation_policies" USING btree ("product_id",coalesce("edition_id", '00000000-0000-0000-0000-000000000000'::uuid),"version");--> statement-breakpoint
CREATE INDEX "rotation_policies_edition_id_idx" ON "rotation_policies" USING btree ("edition_id");--> statement-breakpoint
CREATE INDEX "rotation_policies_created_by_idx" ON "rotation_policies" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "rotation_preference_channels_channel_id_idx" ON "rotation_preference_channels" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "rotation_preferences_org_id_idx" ON "rotation_preferences" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_preferences_license_uq" ON "rotation_preferences" USING btree ("license_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_preferences_org_default_uq" ON "rotation_preferences" USING btree ("org_id") WHERE "rotation_preferences"."license_id" is null;--> statement-breakpoint
CREATE INDEX "rotations_license_id_idx" ON "rotations" USING btree ("license_id");--> statement-breakpoint
CREATE INDEX "rotations_policy_id_idx" ON "rotations" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "rotations_old_key_id_idx" ON "rotations" USING btree ("old_key_id");--> statement-breakpoint
CREATE INDEX "rotations_new_key_id_idx" ON "rotations" USING btree ("new_key_id");--> statement-breakpoint
CREATE INDEX "rotations_requested_by_idx" ON "rotations" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "rotations_due_idx" ON "rotations" USING btree ("state","scheduled_for");--> statement-breakpoint
CREATE UNIQUE INDEX "rotations_one_open_uq" ON "rotations" USING btree ("license_id") WHERE "rotations"."state" in ('planned', 'notified', 'issued', 'overlapping');--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "signing_keys_product_id_idx" ON "signing_keys" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "signing_keys_edition_id_idx" ON "signing_keys" USING btree ("edition_id");--> statement-breakpoint
CREATE INDEX "signing_keys_scope_state_idx" ON "signing_keys" USING btree ("scope","state");--> statement-breakpoint
CREATE UNIQUE INDEX "signing_keys_one_active_uq" ON "signing_keys" USING btree ("scope") WHERE "signing_keys"."state" = 'active';