CREATE TYPE "public"."floating_lease_kind" AS ENUM('online', 'borrowed');--> statement-breakpoint
CREATE TYPE "public"."floating_lease_status" AS ENUM('held', 'released');--> statement-breakpoint
CREATE TYPE "public"."seat_model" AS ENUM('device', 'floating');--> statement-breakpoint
CREATE TABLE "floating_leases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"fingerprint_digest" text NOT NULL,
	"holder_name" text NOT NULL,
	"kind" "floating_lease_kind" DEFAULT 'online' NOT NULL,
	"status" "floating_lease_status" DEFAULT 'held' NOT NULL,
	"checked_out_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "floating_leases_window_ck" CHECK ("floating_leases"."expires_at" > "floating_leases"."checked_out_at")
);
--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "seat_model" "seat_model" DEFAULT 'device' NOT NULL;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "floating_lease_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "max_borrow_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "floating_leases" ADD CONSTRAINT "floating_leases_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "floating_leases_license_expiry_idx" ON "floating_leases" USING btree ("license_id","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "floating_leases_one_held_uq" ON "floating_leases" USING btree ("license_id","fingerprint_digest") WHERE "floating_leases"."status" = 'held';--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_floating_lease_ck" CHECK ("editions"."floating_lease_minutes" between 1 and 1440);--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_max_borrow_ck" CHECK ("editions"."max_borrow_days" between 0 and 90);