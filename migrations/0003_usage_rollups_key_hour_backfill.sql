-- Hand-written: fills usage_rollups_key_hour from the rollups stored before it existed (the
-- consumer upserts it in the same statement as the minute rows from this version on). Deploy the
-- Worker right after migrating: batches a previous Worker version stores in between reach the
-- minute rows but not this table.
INSERT INTO "usage_rollups_key_hour" AS k ("organization_id", "api_key_id", "bucket", "request_count",
  "error_count", "rate_limited_count", "request_bytes", "response_bytes", "latency_sum_ms", "latency_histogram")
SELECT organization_id, api_key_id, date_trunc('hour', bucket, 'UTC'), sum(request_count), sum(error_count),
  sum(rate_limited_count), sum(request_bytes), sum(response_bytes), sum(latency_sum_ms),
  ARRAY[coalesce(sum(latency_histogram[1]), 0), coalesce(sum(latency_histogram[2]), 0), coalesce(sum(latency_histogram[3]), 0), coalesce(sum(latency_histogram[4]), 0), coalesce(sum(latency_histogram[5]), 0), coalesce(sum(latency_histogram[6]), 0), coalesce(sum(latency_histogram[7]), 0), coalesce(sum(latency_histogram[8]), 0), coalesce(sum(latency_histogram[9]), 0), coalesce(sum(latency_histogram[10]), 0), coalesce(sum(latency_histogram[11]), 0), coalesce(sum(latency_histogram[12]), 0), coalesce(sum(latency_histogram[13]), 0), coalesce(sum(latency_histogram[14]), 0), coalesce(sum(latency_histogram[15]), 0), coalesce(sum(latency_histogram[16]), 0), coalesce(sum(latency_histogram[17]), 0), coalesce(sum(latency_histogram[18]), 0), coalesce(sum(latency_histogram[19]), 0), coalesce(sum(latency_histogram[20]), 0), coalesce(sum(latency_histogram[21]), 0), coalesce(sum(latency_histogram[22]), 0), coalesce(sum(latency_histogram[23]), 0), coalesce(sum(latency_histogram[24]), 0), coalesce(sum(latency_histogram[25]), 0), coalesce(sum(latency_histogram[26]), 0), coalesce(sum(latency_histogram[27]), 0), coalesce(sum(latency_histogram[28]), 0), coalesce(sum(latency_histogram[29]), 0)]::integer[]
FROM (
  SELECT * FROM "usage_rollups_minute" UNION ALL SELECT * FROM "usage_rollups_hour"
) r
GROUP BY 1, 2, 3
ON CONFLICT ("organization_id", "bucket", "api_key_id") DO NOTHING;
