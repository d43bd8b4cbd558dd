CREATE TYPE "public"."activation_pin_mode" AS ENUM('every_new_device', 'unusual_only');--> statement-breakpoint
CREATE TYPE "public"."status_incident_impact" AS ENUM('minor', 'major', 'critical');--> statement-breakpoint
CREATE TYPE "public"."status_incident_state" AS ENUM('investigating', 'identified', 'monitoring', 'resolved');--> statement-breakpoint
CREATE TABLE "status_incident_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"state" "status_incident_state" NOT NULL,
	"message" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"posted_by" text
);
--> statement-breakpoint
CREATE TABLE "status_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"impact" "status_incident_impact" NOT NULL,
	"state" "status_incident_state" DEFAULT 'investigating' NOT NULL,
	"components" text[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_by" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"verification_digest" text,
	"verification_sent_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "status_subscribers_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "activation_pin_hash" text;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "activation_pin_mode" "activation_pin_mode";--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "activation_pin_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "converted_from_trial_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_incident_id_status_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."status_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incidents" ADD CONSTRAINT "status_incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_incident_updates_incident_idx" ON "status_incident_updates" USING btree ("incident_id","posted_at");--> statement-breakpoint
CREATE INDEX "status_incident_updates_posted_by_idx" ON "status_incident_updates" USING btree ("posted_by");--> statement-breakpoint
CREATE INDEX "status_incidents_started_idx" ON "status_incidents" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "status_incidents_created_by_idx" ON "status_incidents" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_activation_pin_ck" CHECK (("licenses"."activation_pin_hash" is null) = ("licenses"."activation_pin_mode" is null));