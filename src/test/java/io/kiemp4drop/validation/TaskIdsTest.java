package io.kiemp4drop.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-DEF_123", "5f3c9b1e2d7a4c8f9e0b1a2c3d4e5f60"})
    void acceptsTheDocumentedAlphabet(String id) {
        assertThat(TaskIds.isValid(id)).isTrue();
        assertThat(TaskIds.requireValid(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "a/b", "..", "/etc/passwd", "C:\\x", "bad\u0000id", "line\nbreak",
        "${sys:user.home}", "$simple{body}", "t-\u0430ne", "t\u200bx", "white space", "a.b"})
    void refusesEverythingElse(String id) {
        assertThat(TaskIds.isValid(id)).isFalse();
        assertThatThrownBy(() -> TaskIds.requireValid(id)).isInstanceOf(InvalidTaskIdException.class)
                .hasMessageNotContaining("\n").hasMessageNotContaining("\u0000");
    }

    @org.junit.jupiter.api.Test
    void refusesIdsLongerThan128Characters() {
        assertThat(TaskIds.isValid("x".repeat(128))).isTrue();
        assertThat(TaskIds.isValid("x".repeat(129))).isFalse();
        assertThat(TaskIds.isValid(null)).isFalse();
        assertThatThrownBy(() -> TaskIds.requireValid("y".repeat(10_000))).hasMessageContaining("(10000 chars)");
    }
}
