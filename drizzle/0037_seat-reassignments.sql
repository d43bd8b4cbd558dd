CREATE TABLE "license_seat_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"user_id" text,
	"granted_at" timestamp with time zone NOT NULL,
	"is_reassignment" boolean NOT NULL,
	"waived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "license_seat_grants" ADD CONSTRAINT "license_seat_grants_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_seat_grants" ADD CONSTRAINT "license_seat_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_seat_grants_license_idx" ON "license_seat_grants" USING btree ("license_id","granted_at");--> statement-breakpoint
CREATE INDEX "license_seat_grants_user_id_idx" ON "license_seat_grants" USING btree ("user_id");