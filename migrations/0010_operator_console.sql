CREATE TABLE "platform_audit_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"organization_id" text,
	"target_type" text NOT NULL,
	"target_id" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_operators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "limits_override" jsonb;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "suspended_reason" text;--> statement-breakpoint
ALTER TABLE "platform_operators" ADD CONSTRAINT "platform_operators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_audit_logs_organization_id_id_index" ON "platform_audit_logs" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "platform_audit_logs_action_id_index" ON "platform_audit_logs" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "platform_audit_logs_actor_user_id_id_index" ON "platform_audit_logs" USING btree ("actor_user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_operators_live_user" ON "platform_operators" USING btree ("user_id") WHERE "platform_operators"."revoked_at" is null;