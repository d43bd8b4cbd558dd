ALTER TYPE "public"."seat_model" ADD VALUE 'user';--> statement-breakpoint
CREATE TABLE "device_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"transferred_at" timestamp with time zone NOT NULL,
	"waived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "license_seat_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text,
	"assigned_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "max_device_transfers" integer;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "device_transfer_period_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "device_transfers" ADD CONSTRAINT "device_transfers_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_transfers" ADD CONSTRAINT "device_transfers_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_seat_assignments" ADD CONSTRAINT "license_seat_assignments_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_seat_assignments" ADD CONSTRAINT "license_seat_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_seat_assignments" ADD CONSTRAINT "license_seat_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_transfers_license_idx" ON "device_transfers" USING btree ("license_id","transferred_at");--> statement-breakpoint
CREATE INDEX "device_transfers_device_id_idx" ON "device_transfers" USING btree ("device_id");--> statement-breakpoint
CREATE UNIQUE INDEX "license_seat_assignments_license_user_uq" ON "license_seat_assignments" USING btree ("license_id","user_id");--> statement-breakpoint
CREATE INDEX "license_seat_assignments_user_id_idx" ON "license_seat_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "license_seat_assignments_assigned_by_idx" ON "license_seat_assignments" USING btree ("assigned_by");--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_max_transfers_ck" CHECK ("editions"."max_device_transfers" is null or "editions"."max_device_transfers" between 0 and 1000);--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_transfer_period_ck" CHECK ("editions"."device_transfer_period_days" between 1 and 365);