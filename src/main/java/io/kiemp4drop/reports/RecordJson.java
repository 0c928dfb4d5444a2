package io.kiemp4drop.reports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The record-info data the task store keeps as JSON, read back for reports and sidecars. */
public final class RecordJson {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private RecordJson() {
    }

    /** The stored document as a map; empty when there is none or it cannot be read. */
    public static Map<String, Object> parse(ObjectMapper json, String recordJson) {
        if (recordJson == null) {
            return Map.of();
        }
        try {
            return json.readValue(recordJson, MAP);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
