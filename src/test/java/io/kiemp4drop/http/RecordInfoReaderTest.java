package io.kiemp4drop.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kiemp4drop.config.JsonBeans;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.PollOutcome;
import io.kiemp4drop.model.PollResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How HTTP status and envelope code combine into one outcome, and what the parser accepts. */
class RecordInfoReaderTest {

    /** kie.api.max-response-bytes as shipped: hostile answers below it must be stopped by the parser's own limits. */
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    private static final String MALFORMED = "malformed record-info answer (HTTP 200): ";

    private static final Named<String> DEEP_OBJECTS = named("2000 nested objects",
            "{\"code\":200,\"data\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}");
    private static final Named<String> DEEP_ARRAYS = named("5000 nested arrays",
            "{\"code\":200,\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    private static final Named<String> HUGE_STRING = named("a string of 200 000 characters",
            "{\"code\":200,\"data\":{\"successFlag\":\"" + "A".repeat(200_000) + "\"}}");

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final RecordInfoReader reader = new RecordInfoReader(MAX_RESPONSE_BYTES, new JsonBeans().kieJson());

    /** The bean's entry point, as the ask-record-info route calls it after the HTTP request. */
    private PollResult read(int status, String body, String retryAfter) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(ExchangeNames.TASK_ID, "t-1");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader("Retry-After", retryAfter);
        exchange.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return reader.read(exchange);
    }

    private PollResult read(int status, String body) {
        return read(status, body, null);
    }

    /**
     * Every kind of record-info answer: HTTP status, body, the outcome the envelope router branches on, and
     * the message that ends up in the task's lastError or report (null where only the outcome matters).
     */
    static Stream<Arguments> answers() {
        return Stream.of(
            // a record: route on data.successFlag
            arguments(200, "{\"code\":200,\"data\":{\"successFlag\":\"PENDING\"}}", PollOutcome.RECORD, null),
            arguments(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"taskId\":\"t-1\",\"successFlag\":\"SUCCESS\"}}",
                    PollOutcome.RECORD, "success"),
            // the task is not known (yet)
            arguments(200, "{\"code\":200,\"msg\":\"success\",\"data\":null}", PollOutcome.NOT_FOUND, "success"),
            arguments(200, "{\"code\":200,\"msg\":\"success\"}", PollOutcome.NOT_FOUND, "success"),
            arguments(404, "{\"code\":404,\"msg\":\"not found\"}", PollOutcome.NOT_FOUND, "not found"),
            arguments(200, "{\"code\":404,\"msg\":\"not found\"}", PollOutcome.NOT_FOUND, "not found"),
            // the account is blocked
            arguments(401, "{\"code\":401,\"msg\":\"You do not have access permissions\"}", PollOutcome.KEY_REJECTED,
                    "You do not have access permissions"),
            arguments(200, "{\"code\":401,\"msg\":\"You do not have access permissions\"}", PollOutcome.KEY_REJECTED,
                    "You do not have access permissions"),
            arguments(401, "<html>Unauthorized</html>", PollOutcome.KEY_REJECTED, null),
            arguments(402, "{\"code\":402,\"msg\":\"Insufficient credits\"}", PollOutcome.NO_CREDITS, "Insufficient credits"),
            arguments(200, "{\"code\":402,\"msg\":\"Insufficient credits\"}", PollOutcome.NO_CREDITS, "Insufficient credits"),
            // kie.ai asks for a break
            arguments(429, "{\"code\":429,\"msg\":\"Too many requests\"}", PollOutcome.RATE_LIMITED, "Too many requests"),
            arguments(429, "{\"code\":200,\"data\":{}}", PollOutcome.RATE_LIMITED, null),
            arguments(200, "{\"code\":429}", PollOutcome.RATE_LIMITED, null),
            arguments(455, "{\"code\":455,\"msg\":\"maintenance\"}", PollOutcome.UNAVAILABLE, "maintenance"),
            arguments(200, "{\"code\":455,\"msg\":\"maintenance\"}", PollOutcome.UNAVAILABLE, "maintenance"),
            arguments(455, "{}", PollOutcome.UNAVAILABLE, null),
            // transient: polled again with back-off
            arguments(500, "{\"code\":500,\"msg\":\"boom\"}", PollOutcome.TRANSIENT, "boom"),
            arguments(503, "{\"code\":500,\"msg\":\"down\"}", PollOutcome.TRANSIENT, "down"),
            arguments(500, "{\"code\":200,\"data\":{\"successFlag\":\"SUCCESS\"}}", PollOutcome.TRANSIENT, null),
            arguments(200, "{\"code\":500}", PollOutcome.TRANSIENT, null),
            arguments(502, "<html>bad gateway</html>", PollOutcome.TRANSIENT, ""),
            arguments(503, "", PollOutcome.TRANSIENT, ""),
            arguments(409, "{\"code\":409,\"msg\":\"conflict\"}", PollOutcome.TRANSIENT, "conflict"),
            arguments(302, "{}", PollOutcome.TRANSIENT, null),
            // malformed 2xx answers, hostile ones included: bounded, and said so
            arguments(200, "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":", PollOutcome.TRANSIENT,
                    MALFORMED + "not JSON, truncated, or beyond the parser's limits"),
            arguments(200, "this is not json", PollOutcome.TRANSIENT,
                    MALFORMED + "not JSON, truncated, or beyond the parser's limits"),
            arguments(200, "{\"code\":200,\"msg\":\"success\",\"data\":\"text instead of an object\"}",
                    PollOutcome.TRANSIENT, MALFORMED + "data is not an object"),
            arguments(200, "{\"code\":200,\"data\":[]}", PollOutcome.TRANSIENT, MALFORMED + "data is not an object"),
            arguments(200, "[1,2,3]", PollOutcome.TRANSIENT, MALFORMED + "not a JSON object"),
            arguments(200, "{\"code\":\"200\",\"data\":{}}", PollOutcome.TRANSIENT, MALFORMED + "no numeric code"),
            arguments(200, DEEP_OBJECTS,
                    PollOutcome.TRANSIENT, MALFORMED + "not JSON, truncated, or beyond the parser's limits"),
            arguments(200, DEEP_ARRAYS,
                    PollOutcome.TRANSIENT, MALFORMED + "not JSON, truncated, or beyond the parser's limits"),
            arguments(200, HUGE_STRING,
                    PollOutcome.TRANSIENT, MALFORMED + "not JSON, truncated, or beyond the parser's limits"),
            arguments(200, "{\"code\":\"two hundred\",\"data\":[true,false]}", PollOutcome.TRANSIENT,
                    MALFORMED + "no numeric code"),
            // kie.ai refuses the task ID: its message goes into the report, escaped for logs
            arguments(400, "{\"code\":400,\"msg\":\"taskId format error\"}", PollOutcome.INVALID, "taskId format error"),
            arguments(200, "{\"code\":422,\"msg\":\"taskId is invalid\"}", PollOutcome.INVALID, "taskId is invalid"),
            arguments(400, "{\"code\":400,\"msg\":\"bad\\nforged\"}", PollOutcome.INVALID, "bad\\nforged"));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @MethodSource("answers")
    void classifiesEveryKindOfAnswer(int status, String body, PollOutcome expected, String message) {
        PollResult result = read(status, body);

        assertThat(result.outcome()).isEqualTo(expected);
        assertThat(result.taskId()).isEqualTo("t-1");
        assertThat(result.httpStatus()).isEqualTo(status);
        if (message != null) {
            assertThat(result.message()).isEqualTo(message);
        }
        assertThat(result.record() != null).isEqualTo(expected == PollOutcome.RECORD);
    }

    @Test
    void codeZeroIsReadAsTwoHundred() {
        assertThat(read(200, "{\"code\":0,\"data\":{\"successFlag\":\"SUCCESS\"}}").apiCode()).isEqualTo(200);
    }

    @Test
    void retryAfterTravelsWithTheAnswerInEitherForm() {
        assertThat(read(429, "{\"code\":429}", "5").retryAfter()).isEqualTo(Duration.ofSeconds(5));
        ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60);
        Duration untilDate = read(455, "{}", DateTimeFormatter.RFC_1123_DATE_TIME.format(date)).retryAfter();
        assertThat(untilDate).isBetween(Duration.ofSeconds(58), Duration.ofSeconds(60));
        assertThat(read(429, "{\"code\":429}").retryAfter()).isNull();
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
    void readsNoMoreThanTheLargestAnswerAllowed() {
        String tooLong = "{\"code\":200,\"data\":{\"successFlag\":\"" + " ".repeat(MAX_RESPONSE_BYTES) + "\"}}";
        PollResult result = read(200, tooLong);
        assertThat(result.outcome()).isEqualTo(PollOutcome.TRANSIENT);
        assertThat(result.message()).isEqualTo("record-info answer larger than kie.api.max-response-bytes");
    }
}
