package io.meetrec.intake.recordings;

import io.meetrec.functions.http.BoundedBody;
import io.meetrec.intake.auth.RequestAuthenticator;
import io.meetrec.intake.download.DownloadLink;
import io.meetrec.intake.download.DownloadLinks;
import io.meetrec.intake.idempotency.IdempotencyKeys;
import io.meetrec.intake.publish.JobPublisher;
import io.meetrec.intake.ratelimit.RateLimiter;
import io.meetrec.shared.error.ErrorCode;
import io.meetrec.shared.error.Problem;
import io.meetrec.shared.error.RecordingException;
import io.meetrec.shared.logging.LogEvent;
import io.meetrec.shared.logging.LogField;
import io.meetrec.shared.logging.StructuredLog;
import io.meetrec.shared.recording.RecordingJob;
import io.meetrec.shared.recording.RecordingState;
import io.meetrec.shared.recording.StorageLayout;
import io.meetrec.shared.security.RequestSignatures;
import io.meetrec.shared.store.RecordingRecord;
import io.meetrec.shared.store.RecordingStore;
import io.meetrec.shared.store.StopResult;
import io.meetrec.shared.store.WebhookLedger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings API. Every route authenticates first, then spends the caller's rate budget, and
 * only then touches the body or the store, so an unauthenticated caller cannot make us parse JSON
 * or query Redis beyond the signature check.
 */
@Controller("/v1/recordings")
public class RecordingsController {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingsController.class);

  private final RequestAuthenticator authenticator;
  private final RateLimiter rateLimiter;
  private final CreateRecordingParser parser;
  private final MeetingUrls urls;
  private final IdempotencyKeys idempotency;
  private final RecordingStore store;
  private final WebhookLedger webhooks;
  private final JobPublisher publisher;
  private final DownloadLinks downloads;
  private final RecordingsConfiguration config;
  private final Clock clock = Clock.systemUTC();

  public RecordingsController(
      RequestAuthenticator authenticator,
      RateLimiter rateLimiter,
      CreateRecordingParser parser,
      MeetingUrls urls,
      IdempotencyKeys idempotency,
      RecordingStore store,
      WebhookLedger webhooks,
      JobPublisher publisher,
      DownloadLinks downloads,
      RecordingsConfiguration config) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.parser = parser;
    this.urls = urls;
    this.idempotency = idempotency;
    this.store = store;
    this.webhooks = webhooks;
    this.publisher = publisher;
    this.downloads = downloads;
    this.config = config;
  }

  @Operation(
      summary = "Ask for a meeting to be recorded",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.CLIENT_HEADER,
            required = true,
            description = "the client id the intake registered",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.TIMESTAMP_HEADER,
            required = true,
            description = "epoch seconds when signed",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.NONCE_HEADER,
            required = true,
            description = "unique per request: a nonce seen before is refused as a replay",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.SIGNATURE_HEADER,
            required = true,
            description =
                "v1=<hex HMAC-SHA256> over timestamp, nonce, method, path with query, body",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = CreateRecordingRequest.class))))
  @ApiResponse(
      responseCode = "202",
      description = "queued",
      content = @Content(schema = @Schema(implementation = RecordingView.class)))
  @ApiResponse(
      responseCode = "400",
      description = "malformed_json, invalid_field, unknown_field, url_refused",
      content =
          @Content(
              mediaType = Problem.CONTENT_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "401",
      description = "signature_* (an unknown client is answered signature_invalid)")
  @ApiResponse(responseCode = "409", description = "idempotency_conflict")
  @ApiResponse(responseCode = "413", description = "body_too_large")
  @ApiResponse(responseCode = "429", description = "rate_limited, with Retry-After")
  @ApiResponse(responseCode = "503", description = "unavailable; nothing was queued")
  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<RecordingView> create(
      HttpRequest<?> request, @Nullable @Header(IdempotencyKeys.HEADER) String idempotencyKey) {
    authenticator.requireSignatureHeaders(request);
    byte[] body = BoundedBody.read(request, config.maxBodyBytes());
    String clientId = authenticator.authenticate(request, body);
    rateLimiter.acquire(clientId);
    requireJson(request);
    CreateRecordingRequest create = parser.parse(body);
    String meetingUrl = urls.checkMeeting(create.meetingUrl());
    String webhookUrl = create.webhookUrl() == null ? null : urls.checkWebhook(create.webhookUrl());

    String recordingId = newRecordingId();
    String key = idempotencyKey == null ? null : IdempotencyKeys.validate(idempotencyKey);
    if (key != null) {
      Optional<IdempotencyKeys.Earlier> earlier =
          idempotency.reserve(clientId, key, body, recordingId);
      if (earlier.isPresent()) {
        return replay(clientId, earlier.get().recordingId());
      }
    }
    Instant now = clock.instant();
    RecordingJob job =
        new RecordingJob(
            RecordingJob.SCHEMA_VERSION,
            recordingId,
            meetingUrl,
            create.conferenceId(),
            create.maxDurationSeconds() == null
                ? config.defaultDurationSeconds()
                : create.maxDurationSeconds(),
            Boolean.TRUE.equals(create.audioOnly()) ? null : create.video(),
            Boolean.TRUE.equals(create.audioOnly()),
            webhookUrl,
            create.metadata(),
            now,
            now.plus(config.queueTtl()));
    boolean created;
    try {
      created = store.create(job, clientId);
    } catch (RuntimeException e) {
      release(clientId, key);
      throw e;
    }
    if (!created) {
      // A random 128-bit id collided: never touch the other recording, just refuse this one.
      release(clientId, key);
      throw new RecordingException(ErrorCode.UNAVAILABLE, "could not allocate a recording id");
    }
    publishOrMark(job, clientId);
    StructuredLog.event(LogEvent.INTAKE_REQUEST)
        .with(LogField.ROUTE, "create")
        .with(LogField.CLIENT_ID, clientId)
        .with(LogField.RECORDING_ID, recordingId)
        .with(LogField.CONFERENCE_ID, job.conferenceId())
        .with(LogField.HTTP_STATUS, 202)
        .with(LogField.OUTCOME, "queued")
        .info(LOG, "recording queued");
    return HttpResponse.accepted(URI.create("/v1/recordings/" + recordingId))
        .body(RecordingView.queued(job, clientId, now));
  }

  @Operation(
      summary = "A recording's state, progress, output and error",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.CLIENT_HEADER,
            required = true,
            description = "the client id the intake registered",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.TIMESTAMP_HEADER,
            required = true,
            description = "epoch seconds when signed",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.NONCE_HEADER,
            required = true,
            description = "unique per request: a nonce seen before is refused as a replay",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.SIGNATURE_HEADER,
            required = true,
            description =
                "v1=<hex HMAC-SHA256> over timestamp, nonce, method, path with query, body",
            schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = RecordingView.class)))
  @ApiResponse(responseCode = "404", description = "not_found (also for other clients' recordings)")
  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public RecordingView get(HttpRequest<?> request, @PathVariable String id) {
    String clientId = authenticateBodiless(request);
    RecordingRecord record = owned(clientId, id);
    DownloadLink link = null;
    if (record.state() == RecordingState.COMPLETED
        && record.output() != null
        && record.job() != null) {
      link =
          downloads
              .linkFor(
                  record.output(), StorageLayout.prefix(record.id(), record.job().requestedAt()))
              .orElse(null);
    }
    return RecordingView.of(record, link, deliveries(id));
  }

  /** The recording's webhook deliveries; a ledger hiccup must not fail the GET. */
  private @Nullable List<WebhookLedger.Entry> deliveries(String id) {
    try {
      return webhooks.forRecording(id);
    } catch (RecordingException e) {
      LOG.warn("webhook deliveries of {} unavailable: {}", id, e.getMessage());
      return null;
    }
  }

  @Operation(
      summary = "The caller's recordings of one conference, newest first, a page at a time",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.CLIENT_HEADER,
            required = true,
            description = "the client id the intake registered",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.TIMESTAMP_HEADER,
            required = true,
            description = "epoch seconds when signed",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.NONCE_HEADER,
            required = true,
            description = "unique per request: a nonce seen before is refused as a replay",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.SIGNATURE_HEADER,
            required = true,
            description =
                "v1=<hex HMAC-SHA256> over timestamp, nonce, method, path with query, body",
            schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = RecordingList.class)))
  @ApiResponse(
      responseCode = "400",
      description = "invalid_field: conferenceId, pageSize or pageToken",
      content =
          @Content(
              mediaType = Problem.CONTENT_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Get(produces = MediaType.APPLICATION_JSON)
  public RecordingList list(
      HttpRequest<?> request,
      // A missing value is refused by the router as invalid_field (see the error processor).
      @Parameter(description = "the conference whose recordings to list") @QueryValue
          String conferenceId,
      @Parameter(
              description =
                  "the most recordings to return (default and maximum: the configured list limit,"
                      + " 50 unless changed; larger values are lowered to it)")
          @Nullable
          @QueryValue
          String pageSize,
      @Parameter(description = "a nextPageToken from the previous page of the same query")
          @Nullable
          @QueryValue
          String pageToken) {
    String clientId = authenticateBodiless(request);
    if (conferenceId.isEmpty() || conferenceId.length() > config.maxConferenceIdLength()) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD,
          "conferenceId must be 1 to " + config.maxConferenceIdLength() + " characters");
    }
    int size = pageSize(pageSize);
    RecordingStore.PageCursor after =
        pageToken == null || pageToken.isEmpty()
            ? null
            : PageTokens.decode(pageToken, clientId, conferenceId);
    RecordingStore.RecordingPage page = store.listByConference(clientId, conferenceId, size, after);
    return new RecordingList(
        page.records().stream().map(r -> RecordingView.of(r, null)).toList(),
        page.next() == null ? null : PageTokens.encode(page.next(), clientId, conferenceId));
  }

  /**
   * AIP-158: absent or 0 means the default, above the maximum is lowered to it, below 0 refused.
   */
  private int pageSize(@Nullable String value) {
    int max = Math.max(1, config.listLimit());
    if (value == null || value.isEmpty()) {
      return max;
    }
    int size;
    try {
      size = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      size = value.matches("\\d{1,64}") ? Integer.MAX_VALUE : -1;
    }
    if (size < 0) {
      throw new RecordingException(
          ErrorCode.INVALID_FIELD, "pageSize must be a whole number, 0 or more");
    }
    return size == 0 ? max : Math.min(size, max);
  }

  @Operation(
      summary = "Stop a recording; the recorder still finalises and uploads it",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.CLIENT_HEADER,
            required = true,
            description = "the client id the intake registered",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.TIMESTAMP_HEADER,
            required = true,
            description = "epoch seconds when signed",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.NONCE_HEADER,
            required = true,
            description = "unique per request: a nonce seen before is refused as a replay",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = RequestSignatures.SIGNATURE_HEADER,
            required = true,
            description =
                "v1=<hex HMAC-SHA256> over timestamp, nonce, method, path with query, body",
            schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "202",
      content = @Content(schema = @Schema(implementation = RecordingView.class)))
  @ApiResponse(responseCode = "409", description = "invalid_state: the recording already ended")
  @Post(uri = "/{id}:stop", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<RecordingView> stop(HttpRequest<?> request, @PathVariable String id) {
    String clientId = authenticateBodiless(request);
    owned(clientId, id);
    StopResult result = store.requestStop(id);
    switch (result) {
      case MISSING -> throw notFound(id);
      case TERMINAL ->
          throw new RecordingException(ErrorCode.INVALID_STATE, "the recording has already ended");
      case REQUESTED ->
          StructuredLog.event(LogEvent.INTAKE_REQUEST)
              .with(LogField.ROUTE, "stop")
              .with(LogField.CLIENT_ID, clientId)
              .with(LogField.RECORDING_ID, id)
              .with(LogField.HTTP_STATUS, 202)
              .with(LogField.OUTCOME, "stop_requested")
              .info(LOG, "stop requested");
    }
    return HttpResponse.accepted().body(RecordingView.of(owned(clientId, id), null));
  }

  private String authenticateBodiless(HttpRequest<?> request) {
    authenticator.requireSignatureHeaders(request);
    byte[] body = BoundedBody.read(request, config.maxBodyBytes());
    String clientId = authenticator.authenticate(request, body);
    rateLimiter.acquire(clientId);
    return clientId;
  }

  private RecordingRecord owned(String clientId, String id) {
    // Another client's recording is reported exactly like a missing one: ids are not secrets, but
    // whether one exists is none of the caller's business.
    return store
        .find(id)
        .filter(r -> clientId.equals(r.clientId()))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * Publishes the job and notes the outcome on the record. A failed or timed-out publish leaves the
   * record in place, marked: Pub/Sub may have taken the job after all, and a recorder that claims
   * it must find the client's record, not re-create one without a client. The caller's retry with
   * the same Idempotency-Key publishes the same recording again (recorders claim by id, so a second
   * message records nothing twice); without a retry the queue sweeper expires it.
   */
  private void publishOrMark(RecordingJob job, String clientId) {
    try {
      publisher.publish(job, clientId);
    } catch (RuntimeException e) {
      try {
        store.markPublication(job.recordingId(), RecordingStore.PUBLISH_UNKNOWN);
      } catch (RuntimeException markFailed) {
        // Unmarked, it reads as "in progress" until the publish timeout has passed twice.
        LOG.warn("could not mark the publish of {} unknown", job.recordingId());
      }
      throw e;
    }
    try {
      store.markPublication(job.recordingId(), RecordingStore.PUBLISHED);
    } catch (RuntimeException e) {
      LOG.warn("could not mark {} published: {}", job.recordingId(), e.getMessage());
    }
  }

  private static RecordingException inProgress() {
    return new RecordingException(
        ErrorCode.IN_PROGRESS, "a request with this Idempotency-Key is still in progress");
  }

  private HttpResponse<RecordingView> replay(String clientId, String recordingId) {
    RecordingRecord record =
        store
            .find(recordingId)
            .filter(r -> clientId.equals(r.clientId()))
            .orElseThrow(RecordingsController::inProgress);
    if (record.state() == RecordingState.QUEUED && record.job() != null) {
      Optional<String> publication = store.publication(recordingId);
      boolean firstStillPublishing =
          publication.isEmpty()
              && record.createdAt() != null
              && record
                  .createdAt()
                  .plus(publisher.timeout().multipliedBy(2))
                  .isAfter(clock.instant());
      if (firstStillPublishing) {
        // Never a 202 for a recording whose publish may yet fail.
        throw inProgress();
      }
      if (!publication.map(RecordingStore.PUBLISHED::equals).orElse(false)) {
        // The first publish failed, timed out or died with its request: publish the same job again.
        publishOrMark(record.job(), clientId);
      }
    }
    return HttpResponse.accepted(URI.create("/v1/recordings/" + recordingId))
        .body(RecordingView.of(record, null, deliveries(recordingId)));
  }

  /** Frees the key so the client's retry creates the recording instead of waiting for it. */
  private void release(String clientId, @Nullable String key) {
    if (key == null) {
      return;
    }
    try {
      idempotency.release(clientId, key);
    } catch (RuntimeException e) {
      LOG.error("could not release an Idempotency-Key of client {}", clientId, e);
    }
  }

  private static void requireJson(HttpRequest<?> request) {
    Optional<MediaType> type = request.getContentType();
    if (type.isEmpty() || !type.get().matches(MediaType.APPLICATION_JSON_TYPE)) {
      throw new RecordingException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
    }
    io.meetrec.functions.http.StrictJson.requireUtf8(
        request.getHeaders().get(io.micronaut.http.HttpHeaders.CONTENT_TYPE));
  }

  private static RecordingException notFound(String id) {
    return new RecordingException(ErrorCode.NOT_FOUND, "no such recording");
  }

  private static String newRecordingId() {
    return "rec_" + UUID.randomUUID().toString().replace("-", "");
  }
}
