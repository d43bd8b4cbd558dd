CREATE TABLE "vendor_webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"previous_secret_ciphertext" text,
	"previous_secret_expires_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "vendor_endpoint_id" uuid;--> statement-breakpoint
ALTER TABLE "vendor_webhook_endpoints" ADD CONSTRAINT "vendor_webhook_endpoints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_webhook_endpoints_url_uq" ON "vendor_webhook_endpoints" USING btree ("url");--> statement-breakpoint
CREATE INDEX "vendor_webhook_endpoints_created_by_idx" ON "vendor_webhook_endpoints" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_vendor_endpoint_id_vendor_webhook_endpoints_id_fk" FOREIGN KEY ("vendor_endpoint_id") REFERENCES "public"."vendor_webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_vendor_endpoint_id_idx" ON "outbox" USING btree ("vendor_endpoint_id","created_at");