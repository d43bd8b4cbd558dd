CREATE TABLE "validation_counts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "validation_counts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bucket_start" timestamp with time zone NOT NULL,
	"license_id" uuid,
	"license_key_id" uuid,
	"code" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "validation_counts_bucket_key_code_uq" UNIQUE NULLS NOT DISTINCT("bucket_start","license_key_id","code")
);
--> statement-breakpoint
CREATE INDEX "validation_counts_license_idx" ON "validation_counts" USING btree ("license_id","bucket_start");--> statement-breakpoint
CREATE INDEX "validation_counts_bucket_idx" ON "validation_counts" USING btree ("bucket_start");