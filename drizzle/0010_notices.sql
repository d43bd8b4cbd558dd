ALTER TABLE "rotation_policies" ADD COLUMN "expiry_grace_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD COLUMN "max_key_age_days" integer;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD COLUMN "retire_unused_keys_after_days" integer;--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_grace_ck" CHECK ("rotation_policies"."expiry_grace_days" between 0 and 365);--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_key_age_ck" CHECK ("rotation_policies"."max_key_age_days" is null or "rotation_policies"."max_key_age_days" > 0);--> statement-breakpoint
ALTER TABLE "rotation_policies" ADD CONSTRAINT "rotation_policies_unused_ck" CHECK ("rotation_policies"."retire_unused_keys_after_days" is null or "rotation_policies"."retire_unused_keys_after_days" > 0);