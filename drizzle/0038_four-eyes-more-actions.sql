ALTER TABLE "api_tokens" ADD COLUMN "approval_id" uuid;--> statement-breakpoint
ALTER TABLE "four_eyes_policies" ADD COLUMN "suspend_beyond_count" integer;--> statement-breakpoint
ALTER TABLE "four_eyes_policies" ADD COLUMN "signing_key_actions" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "four_eyes_policies" ADD COLUMN "api_token_create" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_approval_id_uq" ON "api_tokens" USING btree ("approval_id");--> statement-breakpoint
ALTER TABLE "four_eyes_policies" ADD CONSTRAINT "four_eyes_policies_suspend_ck" CHECK ("four_eyes_policies"."suspend_beyond_count" is null or "four_eyes_policies"."suspend_beyond_count" > 0);