CREATE TABLE "license_channels" (
	"org_id" uuid NOT NULL,
	"license_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	CONSTRAINT "license_channels_license_id_channel_id_pk" PRIMARY KEY("license_id","channel_id")
);
--> statement-breakpoint
ALTER TABLE "license_channels" ADD CONSTRAINT "license_channels_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_channels" ADD CONSTRAINT "license_channels_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_channels" ADD CONSTRAINT "license_channels_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_channels_channel_id_idx" ON "license_channels" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "license_channels_org_id_idx" ON "license_channels" USING btree ("org_id");