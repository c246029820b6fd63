package io.meetrec.recorder.meeting;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * Which meeting pages the recorder's browser may open. Jobs can reach the topic without passing the
 * intake (another publisher may use the same schema), so the recorder checks the URL itself.
 *
 * @param allowedHosts meeting hosts (and their subdomains) the browser may open. Defaults to none:
 *     any public host
 * @param allowHttp whether plain http pages may be opened. Defaults to false (local stack only)
 * @param allowPrivateAddresses whether hosts on loopback or private addresses may be opened.
 *     Defaults to false (local stack only)
 */
@ConfigurationProperties(MeetingUrlConfiguration.PREFIX)
public record MeetingUrlConfiguration(
    @Nullable List<String> allowedHosts,
    @Bindable(defaultValue = "false") boolean allowHttp,
    @Bindable(defaultValue = "false") boolean allowPrivateAddresses) {

  public static final String PREFIX = "meetrec.recorder.meeting";
}
