-- Queue and start latency p50/p95/p99 per day (UTC), in ms, exact (nearest rank); runs locally and in BigQuery.
-- Sorts every day's latencies: prefer latency_percentiles in BigQuery over long periods.
WITH per_day AS (
  SELECT
    DATE(timestamp, 'UTC') AS day,
    ARRAY_AGG(queueLatencyMs IGNORE NULLS ORDER BY queueLatencyMs) AS queue,
    ARRAY_AGG(startLatencyMs IGNORE NULLS ORDER BY startLatencyMs) AS start,
    COUNT(*) AS recordings
  FROM `${dataset}.meetrec_events`
  WHERE event = 'recording.started'
  GROUP BY day
)
SELECT
  day,
  recordings,
  queue[SAFE_OFFSET(CAST(CEIL(0.50 * ARRAY_LENGTH(queue)) AS INT64) - 1)] AS queue_p50_ms,
  queue[SAFE_OFFSET(CAST(CEIL(0.95 * ARRAY_LENGTH(queue)) AS INT64) - 1)] AS queue_p95_ms,
  queue[SAFE_OFFSET(CAST(CEIL(0.99 * ARRAY_LENGTH(queue)) AS INT64) - 1)] AS queue_p99_ms,
  start[SAFE_OFFSET(CAST(CEIL(0.50 * ARRAY_LENGTH(start)) AS INT64) - 1)] AS start_p50_ms,
  start[SAFE_OFFSET(CAST(CEIL(0.95 * ARRAY_LENGTH(start)) AS INT64) - 1)] AS start_p95_ms,
  start[SAFE_OFFSET(CAST(CEIL(0.99 * ARRAY_LENGTH(start)) AS INT64) - 1)] AS start_p99_ms
FROM per_day
ORDER BY day
