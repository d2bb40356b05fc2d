-- Hand-written: fills billable_count (added by 0007) for the rollups stored before it existed,
-- from the raw request logs still retained (billable = the upstream answered: upstream_ttfb_ms
-- is set; see consumers/request-log-rollups.ts). Rollups older than raw-log retention keep 0:
-- the billing ledger starts where the raw logs do. Deploy the Worker right after migrating.
UPDATE "usage_rollups_minute" AS m SET "billable_count" = r.billable
FROM (
  SELECT organization_id, coalesce(api_key_id, '') AS api_key_id, date_trunc('minute', created_at, 'UTC') AS bucket,
    method, path, status, count(*) FILTER (WHERE upstream_ttfb_ms IS NOT NULL) AS billable
  FROM "request_logs" GROUP BY 1, 2, 3, 4, 5, 6
) r
WHERE m.organization_id = r.organization_id AND m.api_key_id = r.api_key_id AND m.bucket = r.bucket
  AND m.method = r.method AND m.path = r.path AND m.status = r.status;
--> statement-breakpoint
UPDATE "usage_rollups_hour" AS h SET "billable_count" = r.billable
FROM (
  SELECT organization_id, coalesce(api_key_id, '') AS api_key_id, date_trunc('hour', created_at, 'UTC') AS bucket,
    method, path, status, count(*) FILTER (WHERE upstream_ttfb_ms IS NOT NULL) AS billable
  FROM "request_logs" GROUP BY 1, 2, 3, 4, 5, 6
) r
WHERE h.organization_id = r.organization_id AND h.api_key_id = r.api_key_id AND h.bucket = r.bucket
  AND h.method = r.method AND h.path = r.path AND h.status = r.status;
--> statement-breakpoint
UPDATE "usage_rollups_key_hour" AS k SET "billable_count" = r.billable
FROM (
  SELECT organization_id, coalesce(api_key_id, '') AS api_key_id, date_trunc('hour', created_at, 'UTC') AS bucket,
    count(*) FILTER (WHERE upstream_ttfb_ms IS NOT NULL) AS billable
  FROM "request_logs" GROUP BY 1, 2, 3
) r
WHERE k.organization_id = r.organization_id AND k.api_key_id = r.api_key_id AND k.bucket = r.bucket;
