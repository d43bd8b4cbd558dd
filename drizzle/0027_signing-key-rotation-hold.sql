ALTER TABLE "signing_keys" ADD COLUMN "rotation_held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD COLUMN "rotation_hold_reason" text;