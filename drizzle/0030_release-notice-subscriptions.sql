CREATE TABLE "release_notice_subscriptions" (
	"license_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "release_notice_subscriptions" ADD CONSTRAINT "release_notice_subscriptions_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_notice_subscriptions" ADD CONSTRAINT "release_notice_subscriptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_notice_subscriptions" ADD CONSTRAINT "release_notice_subscriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "release_notice_subscriptions_org_id_idx" ON "release_notice_subscriptions" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "release_notice_subscriptions_created_by_idx" ON "release_notice_subscriptions" USING btree ("created_by");