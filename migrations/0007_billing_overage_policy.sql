ALTER TABLE "organizations" ADD COLUMN "overage_policy" text DEFAULT 'hard_cap' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "spend_cap_requests" bigint;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "limits_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups_hour" ADD COLUMN "billable_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups_key_hour" ADD COLUMN "billable_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups_minute" ADD COLUMN "billable_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_overage_policy" CHECK ("organizations"."overage_policy" in ('hard_cap', 'bill_overage'));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_spend_cap_positive" CHECK ("organizations"."spend_cap_requests" is null or "organizations"."spend_cap_requests" >= 1);