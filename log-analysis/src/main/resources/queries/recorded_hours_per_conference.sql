-- Recorded hours per conference and the estimated compute cost per recorded hour, from the recorders' recorder.usage CPU figures.
-- Cost counts vCPU time only (no memory, disk or idle capacity). usd_per_vcpu_hour is the on-demand list price of an
-- E2 vCPU in us-central1 (0.021811 USD, 2025); replace it with your machine type's and region's rate.
WITH pricing AS (
  SELECT 0.021811 AS usd_per_vcpu_hour
),
usage AS (
  SELECT
    conferenceId,
    COUNT(DISTINCT recordingId) AS recordings,
    SUM(IFNULL(recordedSeconds, 0)) / 3600 AS recorded_hours,
    SUM(IFNULL(cpuSeconds, 0)) / 3600 AS cpu_hours
  FROM `${dataset}.meetrec_events`
  WHERE event = 'recorder.usage'
  GROUP BY conferenceId
)
SELECT
  IFNULL(conferenceId, 'unknown') AS conference_id,
  recordings,
  ROUND(recorded_hours, 4) AS recorded_hours,
  ROUND(cpu_hours, 4) AS cpu_hours,
  ROUND(cpu_hours * usd_per_vcpu_hour, 6) AS estimated_cost_usd,
  ROUND(SAFE_DIVIDE(cpu_hours * usd_per_vcpu_hour, recorded_hours), 6) AS usd_per_recorded_hour
FROM usage
CROSS JOIN pricing
ORDER BY recorded_hours DESC, conference_id
