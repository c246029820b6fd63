package io.meetrec.intake.recordings;

import io.meetrec.shared.recording.VideoSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * The body of {@code POST /v1/recordings}, after {@link CreateRecordingParser} checked it. Its
 * annotations feed the OpenAPI document; the parser, not the annotations, is what enforces them.
 */
@Serdeable
@Schema(
    name = "CreateRecordingRequest",
    description = "Ask for a meeting to be recorded. Unknown fields are refused.")
public record CreateRecordingRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "https URL of the meeting page; its host must be on the allow-list",
            maxLength = 2048)
        String meetingUrl,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "the conference this recording belongs to",
            pattern = CreateRecordingParser.CONFERENCE_ID_PATTERN,
            maxLength = 128)
        String conferenceId,
    @Schema(description = "longest recording in seconds; defaults to 3600", minimum = "1") @Nullable
        Integer maxDurationSeconds,
    @Schema(description = "picture size and frame rate; defaults to 1280x720@30") @Nullable
        VideoSpec video,
    @Schema(description = "record sound only; video must then be absent") @Nullable
        Boolean audioOnly,
    @Schema(description = "https URL on a public address that receives signed webhooks") @Nullable
        String webhookUrl,
    @Schema(description = "small string map echoed back on the recording and in webhooks") @Nullable
        Map<String, String> metadata) {}
