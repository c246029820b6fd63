-- Recordings per day (UTC) by outcome, with their average queue and start latency and recorded hours.
-- The outcome is the terminal event: completed, failed or expired. A recording counts on the day it ended.
WITH terminal AS (
  SELECT
    recordingId,
    ARRAY_AGG(STRUCT(timestamp, event, recordedSeconds) ORDER BY timestamp DESC LIMIT 1)[OFFSET(0)] AS last
  FROM `${dataset}.meetrec_events`
  WHERE event IN ('recording.completed', 'recording.failed', 'recording.expired')
  GROUP BY recordingId
),
started AS (
  SELECT recordingId, MAX(queueLatencyMs) AS queueLatencyMs, MAX(startLatencyMs) AS startLatencyMs
  FROM `${dataset}.meetrec_events`
  WHERE event = 'recording.started'
  GROUP BY recordingId
)
SELECT
  DATE(terminal.last.timestamp, 'UTC') AS day,
  SUBSTR(terminal.last.event, LENGTH('recording.') + 1) AS outcome,
  COUNT(*) AS recordings,
  ROUND(AVG(started.queueLatencyMs)) AS avg_queue_latency_ms,
  ROUND(AVG(started.startLatencyMs)) AS avg_start_latency_ms,
  ROUND(SUM(IFNULL(terminal.last.recordedSeconds, 0)) / 3600, 3) AS recorded_hours
FROM terminal
LEFT JOIN started USING (recordingId)
GROUP BY day, outcome
ORDER BY day, outcome
