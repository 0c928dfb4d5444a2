package io.kiemp4drop.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kiemp4drop.model.PollOutcome;
import io.kiemp4drop.model.PollResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How HTTP status and envelope code combine into one outcome, and what the parser accepts. */
class RecordInfoReaderTest {

    private final RecordInfoReader reader = new RecordInfoReader(64 * 1024, new io.kiemp4drop.config.JsonBeans().kieJson());

    private PollResult read(int status, String body) {
        return reader.classify("t-1", status, body.getBytes(StandardCharsets.UTF_8), null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200 | {\"code\":200,\"data\":{\"successFlag\":\"PENDING\"}}        | RECORD",
        "200 | {\"code\":0,\"data\":{\"successFlag\":\"PENDING\"}}          | RECORD",
        "200 | {\"code\":200,\"data\":null}                                | NOT_FOUND",
        "404 | {\"code\":404}                                             | NOT_FOUND",
        "200 | {\"code\":401,\"msg\":\"You do not have access permissions\"} | KEY_REJECTED",
        "401 | {\"code\":401}                                             | KEY_REJECTED",
        "401 | <html>Unauthorized</html>                                 | KEY_REJECTED",
        "200 | {\"code\":402}                                             | NO_CREDITS",
        "429 | {\"code\":200,\"data\":{}}                                 | RATE_LIMITED",
        "200 | {\"code\":429}                                             | RATE_LIMITED",
        "455 | {}                                                        | UNAVAILABLE",
        "500 | {\"code\":200,\"data\":{\"successFlag\":\"SUCCESS\"}}        | TRANSIENT",
        "200 | {\"code\":500}                                             | TRANSIENT",
        "200 | {\"code\":200,\"data\":{\"taskId\":                         | TRANSIENT",
        "200 | {\"code\":\"200\",\"data\":{}}                             | TRANSIENT",
        "200 | [1,2,3]                                                   | TRANSIENT",
        "200 | {\"code\":200,\"data\":[]}                                 | TRANSIENT",
        "400 | {\"code\":400,\"msg\":\"bad\"}                             | INVALID",
        "200 | {\"code\":422,\"msg\":\"bad\"}                             | INVALID",
        "302 | {}                                                        | TRANSIENT"})
    void combinesStatusAndCode(int status, String body, PollOutcome expected) {
        assertThat(read(status, body).outcome()).isEqualTo(expected);
    }

    @Test
    void readsEitherAudioIdOrMusicIndexAndBothTimeFormats() {
        PollResult a = read(200, "{\"code\":200,\"data\":{\"successFlag\":\"SUCCESS\",\"audioId\":12,"
                + "\"createTime\":1764320000000,\"completeTime\":\"2026-11-28T10:00:00+01:00\","
                + "\"response\":{\"videoUrl\":\"https://h/v.mp4\"},\"unknownField\":{\"x\":1}}}");
        assertThat(a.record().audioId()).isEqualTo("12");
        assertThat(a.record().musicIndex()).isNull();
        assertThat(a.record().createTime()).isEqualTo("2025-11-28T08:53:20Z");
        assertThat(a.record().completeTime()).isEqualTo("2026-11-28T09:00:00Z");
        assertThat(a.record().videoUrl()).isEqualTo("https://h/v.mp4");
        PollResult b = read(200, "{\"code\":200,\"data\":{\"successFlag\":1,\"musicIndex\":0}}");
        assertThat(b.record().musicIndex()).isEqualTo("0");
        assertThat(b.getSuccessFlag()).isEqualTo("1");
    }

    @Test
    void boundsNestingAndSize() {
        String deep = "{\"code\":200,\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(read(200, deep).outcome()).isEqualTo(PollOutcome.TRANSIENT);
        String huge = "{\"code\":200,\"data\":{\"successFlag\":\"" + "A".repeat(70_000) + "\"}}";
        assertThat(read(200, huge).outcome()).isEqualTo(PollOutcome.TRANSIENT);
        byte[] tooLong = new byte[64 * 1024 + 1];
        assertThat(reader.classify("t-1", 200, tooLong, null).message()).contains("kie.api.max-response-bytes");
    }

    @Test
    void escapesTheApiMessage() {
        assertThat(read(400, "{\"code\":400,\"msg\":\"bad\\nforged\"}").message()).isEqualTo("bad\\nforged");
    }
}
