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
ALTER TABLE "four_eyes_policies" ADD CONSTRAINT "four_eyes_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "four_eyes_policies_created_by_idx" ON "four_eyes_policies" USING btree ("created_by");