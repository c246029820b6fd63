-- Failure rate by error code per day (UTC): failed recordings with a code, over all recordings that ended that day.
WITH terminal AS (
  SELECT
    recordingId,
    ARRAY_AGG(STRUCT(timestamp, event, errorCode) ORDER BY timestamp DESC LIMIT 1)[OFFSET(0)] AS last
  FROM `${dataset}.meetrec_events`
  WHERE event IN ('recording.completed', 'recording.failed', 'recording.expired')
  GROUP BY recordingId
),
per_day AS (
  SELECT DATE(last.timestamp, 'UTC') AS day, last.event AS event, last.errorCode AS errorCode
  FROM terminal
)
SELECT
  day,
  IFNULL(errorCode, 'unknown') AS error_code,
  COUNT(*) AS failures,
  (SELECT COUNT(*) FROM per_day AS d WHERE d.day = f.day) AS recordings,
  ROUND(COUNT(*) / (SELECT COUNT(*) FROM per_day AS d WHERE d.day = f.day), 4) AS failure_rate
FROM per_day AS f
WHERE event = 'recording.failed'
GROUP BY day, error_code
ORDER BY day, failures DESC, error_code
