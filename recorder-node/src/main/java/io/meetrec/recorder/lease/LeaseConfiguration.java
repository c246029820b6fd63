package io.meetrec.recorder.lease;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * The claim a recorder holds on each running recording, and the reaper that ends claims whose
 * recorder died. Leases are measured with the Redis server's clock, never a recorder's.
 *
 * @param ttl how long a lease lives unless renewed. It must outlast a Redis failover or partition
 *     (Memorystore fails over in tens of seconds; renewals fail meanwhile) plus one renewal, so
 *     that only a recorder that is really gone lapses; a killed pod's recordings end this long
 *     after its last renewal. Defaults to 90 s
 * @param renewEvery how often running recordings' leases are renewed; well under {@code ttl}.
 *     Defaults to 5 s
 * @param reapEvery how often this recorder looks for lapsed leases of other recorders. Defaults to
 *     10 s
 * @param reaperEnabled whether this recorder reaps at all. Defaults to true
 * @param takeoverWithin how long a recording whose recorder was lost mid-meeting waits, after its
 *     lease lapsed, for a recorder with a free slot to take it over and record the rest as its next
 *     segment; only after that is it ended {@code failed} ({@code recorder_lost}). 0 turns takeover
 *     off. Defaults to 60 s
 * @param maxSegments the most segments a recording may have, i.e. one more than the takeovers it
 *     may get. Defaults to 4
 */
@ConfigurationProperties(LeaseConfiguration.PREFIX)
public record LeaseConfiguration(
    @Bindable(defaultValue = "90s") Duration ttl,
    @Bindable(defaultValue = "5s") Duration renewEvery,
    @Bindable(defaultValue = "10s") Duration reapEvery,
    @Bindable(defaultValue = "true") boolean reaperEnabled,
    @Bindable(defaultValue = "60s") Duration takeoverWithin,
    @Bindable(defaultValue = "4") @Min(1) int maxSegments) {

  /** Whether recordings whose recorder was lost are offered to other recorders at all. */
  public boolean takeoverOn() {
    return takeoverWithin.isPositive() && maxSegments > 1;
  }

  public static final String PREFIX = "meetrec.recorder.lease";
}
