CREATE TYPE "public"."offboarding_license_ending" AS ENUM('revoke', 'expire');--> statement-breakpoint
CREATE TYPE "public"."offboarding_status" AS ENUM('scheduled', 'cancelled', 'completed');--> statement-breakpoint
CREATE TABLE "four_eyes_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"license_revoke" boolean NOT NULL,
	"extend_beyond_days" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "four_eyes_policies_version_unique" UNIQUE("version"),
	CONSTRAINT "four_eyes_policies_extend_ck" CHECK ("four_eyes_policies"."extend_beyond_days" is null or "four_eyes_policies"."extend_beyond_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "offboardings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"status" "offboarding_status" DEFAULT 'scheduled' NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"license_ending" "offboarding_license_ending" NOT NULL,
	"reason" text NOT NULL,
	"customer_message" text,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"closed_by" text,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "four_eyes_policies" ADD CONSTRAINT "four_eyes_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offboardings" ADD CONSTRAINT "offboardings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offboardings" ADD CONSTRAINT "offboardings_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offboardings" ADD CONSTRAINT "offboardings_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "four_eyes_policies_created_by_idx" ON "four_eyes_policies" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "offboardings_org_id_idx" ON "offboardings" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "offboardings_requested_by_idx" ON "offboardings" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "offboardings_closed_by_idx" ON "offboardings" USING btree ("closed_by");--> statement-breakpoint
CREATE UNIQUE INDEX "offboardings_one_scheduled_uq" ON "offboardings" USING btree ("org_id") WHERE "offboardings"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "offboardings_due_idx" ON "offboardings" USING btree ("ends_at") WHERE "offboardings"."status" = 'scheduled';