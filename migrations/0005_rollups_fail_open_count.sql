ALTER TABLE "usage_rollups_hour" ADD COLUMN "fail_open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups_key_hour" ADD COLUMN "fail_open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups_minute" ADD COLUMN "fail_open_count" integer DEFAULT 0 NOT NULL;