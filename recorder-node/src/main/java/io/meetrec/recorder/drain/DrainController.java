package io.meetrec.recorder.drain;

import io.meetrec.recorder.session.SessionManager;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The preStop hook: {@code GET|POST /drain} starts draining and answers only once no session runs
 * (or the grace period is over), so Kubernetes sends SIGTERM to an idle recorder.
 */
@Controller("/drain")
public class DrainController {

  @Serdeable
  public record DrainStatus(boolean draining, boolean idle, int sessions) {}

  private final Drain drain;
  private final SessionManager sessions;

  public DrainController(Drain drain, SessionManager sessions) {
    this.drain = drain;
    this.sessions = sessions;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<DrainStatus> drainGet() throws InterruptedException {
    return drain();
  }

  @Post(produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<DrainStatus> drain() throws InterruptedException {
    boolean idle = drain.drainAndWait("preStop");
    return HttpResponse.ok(new DrainStatus(true, idle, sessions.activeCount()));
  }
}
