CREATE TYPE "public"."bulk_rotation_state" AS ENUM('awaiting_approval', 'running', 'paused', 'halted', 'completed', 'cancelled', 'rejected');--> statement-breakpoint
CREATE TABLE "bulk_rotation_waves" (
	"bulk_run_id" uuid NOT NULL,
	"wave" integer NOT NULL,
	"percent" integer NOT NULL,
	"target" integer,
	"started_at" timestamp with time zone,
	"issued_at" timestamp with time zone,
	CONSTRAINT "bulk_rotation_waves_bulk_run_id_wave_pk" PRIMARY KEY("bulk_run_id","wave"),
	CONSTRAINT "bulk_rotation_waves_percent_ck" CHECK ("bulk_rotation_waves"."percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "bulk_rotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state" "bulk_rotation_state" DEFAULT 'awaiting_approval' NOT NULL,
	"filter" jsonb NOT NULL,
	"wave_percents" integer[] NOT NULL,
	"overlap_minutes" integer NOT NULL,
	"soak_minutes" integer NOT NULL,
	"halt_failure_percent" integer NOT NULL,
	"halt_min_failures" integer NOT NULL,
	"selected_count" integer,
	"current_wave" integer,
	"failures_counted_from" timestamp with time zone,
	"halt_reason" text,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulk_rotations_overlap_ck" CHECK ("bulk_rotations"."overlap_minutes" >= 0),
	CONSTRAINT "bulk_rotations_halt_ck" CHECK ("bulk_rotations"."halt_failure_percent" between 1 and 100 and "bulk_rotations"."halt_min_failures" >= 1)
);
--> statement-breakpoint
ALTER TABLE "rotations" ADD COLUMN "bulk_run_id" uuid;--> statement-breakpoint
ALTER TABLE "rotations" ADD COLUMN "bulk_wave" integer;--> statement-breakpoint
ALTER TABLE "bulk_rotation_waves" ADD CONSTRAINT "bulk_rotation_waves_bulk_run_id_bulk_rotations_id_fk" FOREIGN KEY ("bulk_run_id") REFERENCES "public"."bulk_rotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_rotations" ADD CONSTRAINT "bulk_rotations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_rotations_requested_by_idx" ON "bulk_rotations" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "bulk_rotations_state_idx" ON "bulk_rotations" USING btree ("state");--> statement-breakpoint
ALTER TABLE "rotations" ADD CONSTRAINT "rotations_bulk_run_id_bulk_rotations_id_fk" FOREIGN KEY ("bulk_run_id") REFERENCES "public"."bulk_rotations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rotations_bulk_run_idx" ON "rotations" USING btree ("bulk_run_id","bulk_wave","state");