CREATE TYPE "public"."expiry_strategy" AS ENUM('revoke_after_grace', 'restrict', 'maintain_access');--> statement-breakpoint
CREATE TYPE "public"."overage_strategy" AS ENUM('none', 'up_to_125_percent', 'always_allow');--> statement-breakpoint
CREATE TYPE "public"."usage_period" AS ENUM('day', 'month', 'year');--> statement-breakpoint
CREATE TABLE "edition_usage_quotas" (
	"edition_id" uuid NOT NULL,
	"meter" text NOT NULL,
	"amount" integer NOT NULL,
	"period" "usage_period" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edition_usage_quotas_edition_id_meter_pk" PRIMARY KEY("edition_id","meter"),
	CONSTRAINT "edition_usage_quotas_amount_ck" CHECK ("edition_usage_quotas"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "usage_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"meter" text NOT NULL,
	"quantity" integer NOT NULL,
	"client_record_id" text NOT NULL,
	"period_starts_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_records_quantity_ck" CHECK ("usage_records"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "overage_strategy" "overage_strategy" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "expiry_strategy" "expiry_strategy" DEFAULT 'revoke_after_grace' NOT NULL;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "features_after_expiry" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "edition_usage_quotas" ADD CONSTRAINT "edition_usage_quotas_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_client_id_uq" ON "usage_records" USING btree ("license_id","client_record_id");--> statement-breakpoint
CREATE INDEX "usage_records_period_idx" ON "usage_records" USING btree ("license_id","meter","period_starts_at");