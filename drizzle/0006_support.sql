ALTER TYPE "public"."license_status" ADD VALUE 'revoking' BEFORE 'expired';--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "revokes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD COLUMN "revocation_undo_hours" integer DEFAULT 72 NOT NULL;--> statement-breakpoint
CREATE INDEX "licenses_revokes_at_idx" ON "licenses" USING btree ("revokes_at");--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_revoking_ck" CHECK (("licenses"."status"::text = 'revoking') = ("licenses"."revokes_at" is not null));--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_revocation_undo_ck" CHECK ("rotation_policies"."revocation_undo_hours" between 0 and 720);