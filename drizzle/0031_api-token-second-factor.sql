ALTER TABLE "devices" ADD COLUMN "last_key_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_key_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "second_factor_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_last_key_id_license_keys_id_fk" FOREIGN KEY ("last_key_id") REFERENCES "public"."license_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "devices_last_key_id_idx" ON "devices" USING btree ("last_key_id") WHERE "devices"."last_key_id" is not null;