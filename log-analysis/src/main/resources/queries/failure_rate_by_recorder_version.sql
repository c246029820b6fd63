-- Failure rate by recorder version: failed over all ended recordings, per version of the recorder that ended them.
-- The version is the event's recorderVersion, else the version label of the pod that logged it.
WITH terminal AS (
  SELECT
    recordingId,
    ARRAY_AGG(
      STRUCT(event, IFNULL(recorderVersion, version) AS recorderVersion)
      ORDER BY timestamp DESC LIMIT 1)[OFFSET(0)] AS last
  FROM `${dataset}.meetrec_events`
  WHERE event IN ('recording.completed', 'recording.failed', 'recording.expired')
  GROUP BY recordingId
)
SELECT
  IFNULL(last.recorderVersion, 'unknown') AS recorder_version,
  COUNT(*) AS recordings,
  COUNTIF(last.event = 'recording.failed') AS failures,
  ROUND(COUNTIF(last.event = 'recording.failed') / COUNT(*), 4) AS failure_rate
FROM terminal
GROUP BY recorder_version
ORDER BY recorder_version
