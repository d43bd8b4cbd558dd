CREATE TYPE "public"."device_activation_method" AS ENUM('online', 'offline');--> statement-breakpoint
CREATE TYPE "public"."device_anomaly_kind" AS ENUM('many_fingerprints', 'many_networks');--> statement-breakpoint
CREATE TABLE "device_activation_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "device_activation_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"license_id" uuid NOT NULL,
	"fingerprint_digest" text NOT NULL,
	"network_digest" text,
	"is_granted" boolean NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_anomaly_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"kind" "device_anomaly_kind" NOT NULL,
	"observed" integer NOT NULL,
	"threshold" integer NOT NULL,
	"window_minutes" integer NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"last_observed_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolution" text
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "activation_method" "device_activation_method" DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "inactive_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_network_digest" text;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "device_lease_minutes" integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "device_inactive_after_days" integer DEFAULT 30;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "device_anomaly_notice" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "device_activation_attempts" ADD CONSTRAINT "device_activation_attempts_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_anomaly_flags" ADD CONSTRAINT "device_anomaly_flags_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_anomaly_flags" ADD CONSTRAINT "device_anomaly_flags_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_activation_attempts_license_idx" ON "device_activation_attempts" USING btree ("license_id","attempted_at");--> statement-breakpoint
CREATE INDEX "device_anomaly_flags_license_id_idx" ON "device_anomaly_flags" USING btree ("license_id");--> statement-breakpoint
CREATE INDEX "device_anomaly_flags_resolved_by_idx" ON "device_anomaly_flags" USING btree ("resolved_by");--> statement-breakpoint
CREATE UNIQUE INDEX "device_anomaly_flags_one_open_uq" ON "device_anomaly_flags" USING btree ("license_id","kind") WHERE "device_anomaly_flags"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "devices_heartbeat_due_idx" ON "devices" USING btree ("status","last_seen_at");--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_device_lease_ck" CHECK ("licenses"."device_lease_minutes" between 5 and 43200);--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_device_inactive_ck" CHECK ("licenses"."device_inactive_after_days" is null or "licenses"."device_inactive_after_days" between 1 and 365);