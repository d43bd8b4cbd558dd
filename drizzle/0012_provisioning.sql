CREATE TABLE "edition_features" (
	"edition_id" uuid NOT NULL,
	"feature_id" uuid NOT NULL,
	CONSTRAINT "edition_features_edition_id_feature_id_pk" PRIMARY KEY("edition_id","feature_id")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"invited_by" text,
	"token_digest" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_token_digest_unique" UNIQUE("token_digest")
);
--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "default_seats" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "default_term_days" integer DEFAULT 365;--> statement-breakpoint
ALTER TABLE "editions" ADD COLUMN "default_offline_grace_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "licenses" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "edition_features" ADD CONSTRAINT "edition_features_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_features" ADD CONSTRAINT "edition_features_feature_id_features_id_fk" FOREIGN KEY ("feature_id") REFERENCES "public"."features"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "edition_features_feature_id_idx" ON "edition_features" USING btree ("feature_id");--> statement-breakpoint
CREATE INDEX "invitations_org_id_idx" ON "invitations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "invitations_invited_by_idx" ON "invitations" USING btree ("invited_by");--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_default_seats_ck" CHECK ("editions"."default_seats" > 0);--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_default_term_ck" CHECK ("editions"."default_term_days" is null or "editions"."default_term_days" > 0);--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_default_grace_ck" CHECK ("editions"."default_offline_grace_days" >= 0);