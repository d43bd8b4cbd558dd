CREATE TABLE "license_key_sign_in_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"code_digest" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "license_scope_id" uuid;--> statement-breakpoint
ALTER TABLE "license_key_sign_in_codes" ADD CONSTRAINT "license_key_sign_in_codes_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_key_sign_in_codes" ADD CONSTRAINT "license_key_sign_in_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_key_sign_in_codes_user_idx" ON "license_key_sign_in_codes" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "license_key_sign_in_codes_license_id_idx" ON "license_key_sign_in_codes" USING btree ("license_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_license_scope_id_licenses_id_fk" FOREIGN KEY ("license_scope_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_license_scope_id_idx" ON "sessions" USING btree ("license_scope_id");