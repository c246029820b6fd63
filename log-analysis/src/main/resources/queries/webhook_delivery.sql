-- Webhook delivery per day (UTC): events, attempts, delivered events, success rate, attempts per event, latency.
-- An event is delivered when any attempt got a 2xx; attempts past the first are Pub/Sub redeliveries.
WITH per_event AS (
  SELECT
    eventId,
    MIN(DATE(timestamp, 'UTC')) AS day,
    COUNT(*) AS attempts,
    LOGICAL_OR(outcome = 'delivered') AS delivered,
    MAX(attempt) AS max_attempt
  FROM `${dataset}.meetrec_events`
  WHERE event = 'webhook.attempt'
  GROUP BY eventId
),
latency AS (
  SELECT
    DATE(timestamp, 'UTC') AS day,
    ROUND(AVG(latencyMs)) AS avg_latency_ms,
    MAX(latencyMs) AS max_latency_ms,
    ARRAY_AGG(latencyMs IGNORE NULLS ORDER BY latencyMs) AS sorted
  FROM `${dataset}.meetrec_events`
  WHERE event = 'webhook.attempt'
  GROUP BY day
)
SELECT
  day,
  COUNT(*) AS events,
  SUM(attempts) AS attempts,
  COUNTIF(delivered) AS delivered,
  ROUND(COUNTIF(delivered) / COUNT(*), 4) AS success_rate,
  ROUND(SUM(attempts) / COUNT(*), 2) AS attempts_per_event,
  MAX(max_attempt) AS max_attempt,
  ANY_VALUE(latency.avg_latency_ms) AS avg_latency_ms,
  ANY_VALUE(latency.sorted[SAFE_OFFSET(CAST(CEIL(0.95 * ARRAY_LENGTH(latency.sorted)) AS INT64) - 1)]) AS p95_latency_ms,
  ANY_VALUE(latency.max_latency_ms) AS max_latency_ms
FROM per_event
JOIN latency USING (day)
GROUP BY day
ORDER BY day
