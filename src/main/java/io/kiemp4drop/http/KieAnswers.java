package io.kiemp4drop.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/** kie.ai's short JSON envelopes ({@code code}, {@code msg}, {@code data}), read within bounds. */
public final class KieAnswers {

    /** An envelope is short; anything past this is not read. */
    public static final int MAX_ANSWER = 64 * 1024;

    private KieAnswers() {
    }

    /** The answer as JSON, closed after reading; a missing node when there is none, it is empty or it is not JSON. */
    public static JsonNode read(ObjectMapper json, InputStream body) throws IOException {
        if (body == null) {
            return json.missingNode();
        }
        try (InputStream in = body) {
            byte[] text = in.readNBytes(MAX_ANSWER);
            return text.length == 0 ? json.missingNode() : json.readTree(text);
        } catch (JsonProcessingException notJson) {
            return json.missingNode();
        }
    }
}
