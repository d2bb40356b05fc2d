-- Hand-written: drizzle-kit cannot declare partitioned tables. The table mirrors
-- gateway-worker/src/db/schema/request-logs.ts; keep both in step.
CREATE TABLE IF NOT EXISTS "request_logs" (
  "id" uuid NOT NULL,
  "created_at" timestamp with time zone NOT NULL,
  "organization_id" text NOT NULL,
  "api_key_id" text,
  "method" text NOT NULL,
  "path" text NOT NULL,
  "status" smallint NOT NULL,
  "latency_ms" integer NOT NULL,
  "upstream_ttfb_ms" integer,
  "request_bytes" bigint DEFAULT 0 NOT NULL,
  "response_bytes" bigint DEFAULT 0 NOT NULL,
  "client_ip" text,
  "country" text,
  "user_agent" text,
  "error_code" text,
  "rate_limit_outcome" text,
  "fail_open" boolean DEFAULT false NOT NULL,
  CONSTRAINT "request_logs_pkey" PRIMARY KEY ("created_at", "id")
) PARTITION BY RANGE ("created_at");
--> statement-breakpoint
-- The log explorer pages newest-first per organization with a (created_at, id) keyset.
CREATE INDEX IF NOT EXISTS "request_logs_org_time_idx" ON "request_logs" ("organization_id", "created_at" DESC, "id" DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "request_logs_org_key_time_idx" ON "request_logs" ("organization_id", "api_key_id", "created_at" DESC);
--> statement-breakpoint
-- Creates the daily partitions covering [from_day, from_day + days). Safe to run twice and
-- concurrently: an advisory lock serialises callers and every CREATE is IF NOT EXISTS.
CREATE OR REPLACE FUNCTION "edgegate_ensure_request_log_partitions"(from_day date, days integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  d date;
  created integer := 0;
  part text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('edgegate_request_log_partitions'));
  FOR i IN 0 .. days - 1 LOOP
    d := from_day + i;
    part := 'request_logs_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF request_logs FOR VALUES FROM (%L) TO (%L)',
        part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC'
      );
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END;
$$;
--> statement-breakpoint
-- Drops daily partitions that end on or before `before_day`. Returns the dropped names.
CREATE OR REPLACE FUNCTION "edgegate_drop_request_log_partitions"(before_day date)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('edgegate_request_log_partitions'));
  FOR r IN
    SELECT c.relname
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'request_logs'
      AND c.relname ~ '^request_logs_p[0-9]{8}$'
      AND to_date(substring(c.relname from 15), 'YYYYMMDD') < before_day
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I', r.relname);
    RETURN NEXT r.relname;
  END LOOP;
END;
$$;
--> statement-breakpoint
SELECT "edgegate_ensure_request_log_partitions"((now() AT TIME ZONE 'UTC')::date - 1, 9);
