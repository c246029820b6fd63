-- Available recorder agents over time: per 10-minute window, recorder pods reporting, pods with a free slot, free slots.
-- Each pod's last recorder.availability event in the window counts; recorders log it at start, on every change and every minute.
WITH latest AS (
  SELECT
    TIMESTAMP_SECONDS(600 * DIV(UNIX_SECONDS(timestamp), 600)) AS window_start,
    IFNULL(pod, service) AS pod,
    ARRAY_AGG(STRUCT(available, slots, freeSlots) ORDER BY timestamp DESC LIMIT 1)[OFFSET(0)] AS last
  FROM `${dataset}.meetrec_events`
  WHERE event = 'recorder.availability'
  GROUP BY window_start, pod
)
SELECT
  window_start,
  COUNT(*) AS pods,
  COUNTIF(last.available) AS available_pods,
  SUM(IFNULL(last.slots, 0)) AS slots,
  SUM(IFNULL(last.freeSlots, 0)) AS free_slots,
  ROUND(COUNTIF(last.available) / COUNT(*), 4) AS available_ratio
FROM latest
GROUP BY window_start
ORDER BY window_start
