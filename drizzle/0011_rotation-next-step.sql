DROP INDEX "rotations_bulk_run_idx";--> statement-breakpoint
DROP INDEX "rotations_policy_id_idx";--> statement-breakpoint
DROP INDEX "rotations_old_key_id_idx";--> statement-breakpoint
DROP INDEX "rotations_new_key_id_idx";--> statement-breakpoint
DROP INDEX "rotations_requested_by_idx";--> statement-breakpoint
ALTER TABLE "rotations" ADD COLUMN "next_step_at" timestamp with time zone DEFAULT 'epoch';--> statement-breakpoint
CREATE INDEX "rotations_next_step_idx" ON "rotations" USING btree ("next_step_at","id") WHERE "rotations"."state" in ('planned', 'notified', 'issued', 'overlapping');--> statement-breakpoint
CREATE INDEX "rotations_bulk_run_idx" ON "rotations" USING btree ("bulk_run_id","bulk_wave","state") WHERE "rotations"."bulk_run_id" is not null;--> statement-breakpoint
CREATE INDEX "rotations_policy_id_idx" ON "rotations" USING btree ("policy_id") WHERE "rotations"."policy_id" is not null;--> statement-breakpoint
CREATE INDEX "rotations_old_key_id_idx" ON "rotations" USING btree ("old_key_id") WHERE "rotations"."old_key_id" is not null;--> statement-breakpoint
CREATE INDEX "rotations_new_key_id_idx" ON "rotations" USING btree ("new_key_id") WHERE "rotations"."new_key_id" is not null;--> statement-breakpoint
CREATE INDEX "rotations_requested_by_idx" ON "rotations" USING btree ("requested_by") WHERE "rotations"."requested_by" is not null;