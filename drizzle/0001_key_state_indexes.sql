DROP INDEX "license_keys_one_transitional_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "license_keys_one_pending_uq" ON "license_keys" USING btree ("license_id") WHERE "license_keys"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "license_keys_one_retiring_uq" ON "license_keys" USING btree ("license_id") WHERE "license_keys"."state" = 'retiring';