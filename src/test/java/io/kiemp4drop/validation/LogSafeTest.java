package io.kiemp4drop.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void escapesControlAndNonAsciiCharacters() {
        assertThat(LogSafe.quote("a\nb\r\tc\u0000\u0430\"\\")).isEqualTo("\"a\\nb\\r\\tc\\u0000\\u0430\\\"\\\\\"");
    }

    @Test
    void cutsLongValuesAndSaysHowLongTheyWere() {
        String escaped = LogSafe.escape("z".repeat(5000));
        assertThat(escaped).hasSizeLessThan(200).endsWith("...(5000 chars)");
    }

    @Test
    void describesTheInnermostCause() {
        Exception error = new RuntimeException("outer", new java.io.IOException("disk\nfull"));
        assertThat(LogSafe.describe(error)).isEqualTo("IOException: disk\\nfull");
    }
}
