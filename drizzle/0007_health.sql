CREATE TYPE "public"."client_jwks_status" AS ENUM('unreported', 'current', 'stale_kid', 'deprecated_algorithm');--> statement-breakpoint
CREATE TYPE "public"."rotation_feedback_answer" AS ENUM('smooth', 'not_smooth', 'dismissed');--> statement-breakpoint
CREATE TABLE "client_jwks_counts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "client_jwks_counts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bucket_start" timestamp with time zone NOT NULL,
	"product_id" uuid,
	"status" "client_jwks_status" NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "client_jwks_counts_bucket_product_status_uq" UNIQUE NULLS NOT DISTINCT("bucket_start","product_id","status")
);
--> statement-breakpoint
CREATE TABLE "rotation_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rotation_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"answer" "rotation_feedback_answer" NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "revocations" ADD COLUMN "first_streamed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rotation_feedback" ADD CONSTRAINT "rotation_feedback_rotation_id_rotations_id_fk" FOREIGN KEY ("rotation_id") REFERENCES "public"."rotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_feedback" ADD CONSTRAINT "rotation_feedback_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotation_feedback" ADD CONSTRAINT "rotation_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_jwks_counts_bucket_idx" ON "client_jwks_counts" USING btree ("bucket_start");--> statement-breakpoint
CREATE UNIQUE INDEX "rotation_feedback_rotation_user_uq" ON "rotation_feedback" USING btree ("rotation_id","user_id");--> statement-breakpoint
CREATE INDEX "rotation_feedback_org_id_idx" ON "rotation_feedback" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "rotation_feedback_user_id_idx" ON "rotation_feedback" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "rotation_feedback_created_at_idx" ON "rotation_feedback" USING btree ("created_at");