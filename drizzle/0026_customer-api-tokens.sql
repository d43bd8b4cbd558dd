ALTER TYPE "public"."api_token_scope" ADD VALUE 'licenses:read';--> statement-breakpoint
ALTER TYPE "public"."api_token_scope" ADD VALUE 'keys:read';--> statement-breakpoint
ALTER TYPE "public"."api_token_scope" ADD VALUE 'devices:write';--> statement-breakpoint
ALTER TYPE "public"."api_token_scope" ADD VALUE 'rotations:write';--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_org_id_idx" ON "api_tokens" USING btree ("org_id");