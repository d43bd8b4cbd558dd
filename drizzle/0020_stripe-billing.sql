CREATE TYPE "public"."stripe_event_outcome" AS ENUM('processed', 'ignored', 'refused');--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"outcome" "stripe_event_outcome" NOT NULL,
	"code" text,
	"stripe_customer_id" text,
	"stripe_subscription_id" text,
	"stripe_charge_id" text,
	"period_ends_at" timestamp with time zone,
	"org_id" uuid,
	"license_id" uuid,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_price_editions" (
	"price_id" text PRIMARY KEY NOT NULL,
	"edition_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stripe_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"webhook_secret_ciphertext" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stripe_settings_single_row_ck" CHECK ("stripe_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "stripe_subscription_id" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "stripe_customer_id" text;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_price_editions" ADD CONSTRAINT "stripe_price_editions_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stripe_events_received_at_idx" ON "stripe_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "stripe_events_subscription_idx" ON "stripe_events" USING btree ("stripe_subscription_id");--> statement-breakpoint
CREATE INDEX "stripe_events_charge_idx" ON "stripe_events" USING btree ("stripe_charge_id");--> statement-breakpoint
CREATE INDEX "stripe_events_org_id_idx" ON "stripe_events" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "stripe_events_license_id_idx" ON "stripe_events" USING btree ("license_id");--> statement-breakpoint
CREATE INDEX "stripe_price_editions_edition_id_idx" ON "stripe_price_editions" USING btree ("edition_id");--> statement-breakpoint
ALTER TABLE "licenses" ADD CONSTRAINT "licenses_stripe_subscription_id_unique" UNIQUE("stripe_subscription_id");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_stripe_customer_id_unique" UNIQUE("stripe_customer_id");