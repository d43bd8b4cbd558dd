ALTER TABLE "licenses" ADD COLUMN "term_starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rotation_preferences" ADD COLUMN "align_with_renewal" boolean DEFAULT false NOT NULL;