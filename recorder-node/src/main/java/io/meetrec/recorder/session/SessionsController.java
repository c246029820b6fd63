package io.meetrec.recorder.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code GET /sessions}: what this recorder is recording right now. */
@Controller("/sessions")
public class SessionsController {

  @Serdeable
  public record Sessions(
      int capacity,
      int freeSlots,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<SessionView> sessions) {}

  private final SessionManager manager;

  public SessionsController(SessionManager manager) {
    this.manager = manager;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Sessions list() {
    return new Sessions(manager.capacity(), manager.freeSlots(), manager.views());
  }
}
