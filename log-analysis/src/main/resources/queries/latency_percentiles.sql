-- Queue latency (request to claim) and start latency (claim to capture) p50/p95/p99 per day (UTC), in ms.
-- BigQuery only: APPROX_QUANTILES cannot run locally; latency_percentiles_exact gives exact nearest-rank values.
SELECT
  DATE(timestamp, 'UTC') AS day,
  COUNT(*) AS recordings,
  APPROX_QUANTILES(queueLatencyMs, 100)[OFFSET(50)] AS queue_p50_ms,
  APPROX_QUANTILES(queueLatencyMs, 100)[OFFSET(95)] AS queue_p95_ms,
  APPROX_QUANTILES(queueLatencyMs, 100)[OFFSET(99)] AS queue_p99_ms,
  APPROX_QUANTILES(startLatencyMs, 100)[OFFSET(50)] AS start_p50_ms,
  APPROX_QUANTILES(startLatencyMs, 100)[OFFSET(95)] AS start_p95_ms,
  APPROX_QUANTILES(startLatencyMs, 100)[OFFSET(99)] AS start_p99_ms
FROM `${dataset}.meetrec_events`
WHERE event = 'recording.started'
GROUP BY day
ORDER BY day
