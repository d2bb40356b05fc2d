CREATE TABLE "usage_rollups_key_hour" (
	"organization_id" text NOT NULL,
	"api_key_id" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"request_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"rate_limited_count" integer DEFAULT 0 NOT NULL,
	"request_bytes" bigint DEFAULT 0 NOT NULL,
	"response_bytes" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" double precision DEFAULT 0 NOT NULL,
	"latency_histogram" integer[] NOT NULL,
	CONSTRAINT "usage_rollups_key_hour_organization_id_bucket_api_key_id_pk" PRIMARY KEY("organization_id","bucket","api_key_id")
);
--> statement-breakpoint
ALTER TABLE "usage_rollups_key_hour" ADD CONSTRAINT "usage_rollups_key_hour_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;