package io.kiemp4drop.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kiemp4drop.validation.ConfigurationProblem;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectNameTemplateTest {

    private static final Instant DELIVERED = Instant.parse("2026-12-02T23:30:00Z");

    private static Map<String, Object> record(String field, Object value) {
        Map<String, Object> record = new HashMap<>();
        record.put("musicId", "m-1");
        record.put("audioId", "a-1");
        record.put("createTime", "2026-11-30T22:10:00+08:00");
        record.put(field, value);
        return record;
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {taskId}                          | t-1
            ''                                | t-1
            {createDate}/{taskId}             | 2026-11-30/t-1
            videos/{deliverDate}/{musicId}-{audioId} | videos/2026-12-02/m-1-a-1
            {musicId}.v2                      | m-1.v2
            """)
    void placeholdersAreFilledIn(String template, String name) {
        assertThat(ObjectNameTemplate.parse(template).resolve("t-1", record("x", null), DELIVERED)).isEqualTo(name);
    }

    @ParameterizedTest(name = "musicId {0} becomes {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ../../etc/passwd     | .._.._etc_passwd
            ..                   | unknown
            .                    | unknown
            ''                   | unknown
            a/b                  | a_b
            C:\\x                | C__x
            ${env:HOME}          | __env_HOME_
            line\\nbreak         | line_break
            é ü                  | ___
            """)
    void valuesFromKieAiCannotAddAFolderOrLeaveTheRoot(String musicId, String name) {
        String value = musicId.replace("\\n", "\n");
        assertThat(ObjectNameTemplate.parse("{musicId}").resolve("t-1", record("musicId", value), DELIVERED)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1764540000000              | 2025-11-30
            '1764540000000'            | 2025-11-30
            2026-11-30T22:10:00Z       | 2026-11-30
            yesterday                  | unknown
            """)
    void createDateAcceptsDateTimeTextAndEpochMilliseconds(String createTime, String date) {
        Object value = createTime.matches("\\d+") ? (Object) Long.parseLong(createTime) : createTime;
        if (createTime.equals("'1764540000000'")) {
            value = "1764540000000";
        }
        assertThat(ObjectNameTemplate.parse("{createDate}").resolve("t-1", record("createTime", value), DELIVERED))
                .isEqualTo(date);
    }

    @org.junit.jupiter.api.Test
    void aVeryLongValueIsCut() {
        String name = ObjectNameTemplate.parse("{musicId}").resolve("t-1", record("musicId", "x".repeat(5000)), DELIVERED);
        assertThat(name).hasSize(ObjectNameTemplate.MAX_VALUE);
    }

    @org.junit.jupiter.api.Test
    void audioIdFallsBackToMusicIndex() {
        Map<String, Object> record = record("audioId", null);
        record.put("musicIndex", 1);
        assertThat(ObjectNameTemplate.parse("{audioId}").resolve("t-1", record, DELIVERED)).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            /srv/{taskId}          | an absolute name
            ../{taskId}            | an empty, '.' or '..' folder
            a/../{taskId}          | an empty, '.' or '..' folder
            a//{taskId}            | an empty, '.' or '..' folder
            {taskId}/              | an empty, '.' or '..' folder
            {taskid}               | unknown placeholder {taskid}
            ${header.x}            | text other than letters
            {taskId}?x=1           | text other than letters
            """)
    void aTemplateThatCouldLeaveTheRootOrIsMisspeltStopsTheStart(String template, String reason) {
        assertThatThrownBy(() -> ObjectNameTemplate.parse(template)).isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("kie.object-name").hasMessageContaining(reason);
    }
}
