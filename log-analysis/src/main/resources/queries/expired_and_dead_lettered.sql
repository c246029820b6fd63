-- Requests that were never recorded: expired before a recorder started them, malformed, or dead-lettered by Pub/Sub.
-- Dead-lettered = the recorder nacked the request on its last allowed delivery attempt and no claim or terminal event followed.
WITH expired AS (
  SELECT timestamp, recordingId, 'expired' AS reason, errorCode, CAST(NULL AS INT64) AS deliveryAttempt
  FROM `${dataset}.meetrec_events`
  WHERE event = 'recording.expired'
),
malformed AS (
  SELECT timestamp, recordingId, 'malformed' AS reason, errorCode, deliveryAttempt
  FROM `${dataset}.meetrec_events`
  WHERE event = 'job.malformed'
),
last_nack AS (
  SELECT
    recordingId,
    ARRAY_AGG(
      STRUCT(timestamp, errorCode, deliveryAttempt, maxDeliveryAttempts)
      ORDER BY timestamp DESC LIMIT 1)[OFFSET(0)] AS nack
  FROM `${dataset}.meetrec_events`
  WHERE event = 'job.nacked'
  GROUP BY recordingId
),
dead_lettered AS (
  SELECT n.nack.timestamp, n.recordingId, 'dead_lettered' AS reason, n.nack.errorCode, n.nack.deliveryAttempt
  FROM last_nack AS n
  WHERE n.nack.deliveryAttempt >= n.nack.maxDeliveryAttempts
    AND NOT EXISTS (
      SELECT 1
      FROM `${dataset}.meetrec_events` AS e
      WHERE e.recordingId = n.recordingId
        AND e.timestamp > n.nack.timestamp
        AND e.event IN ('recording.claimed', 'recording.completed', 'recording.failed', 'recording.expired'))
)
SELECT timestamp, reason, recordingId AS recording_id, errorCode AS error_code, deliveryAttempt AS delivery_attempt
FROM (
  SELECT * FROM expired
  UNION ALL
  SELECT * FROM malformed
  UNION ALL
  SELECT * FROM dead_lettered
)
ORDER BY timestamp, recording_id
