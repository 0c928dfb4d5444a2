package io.kiemp4drop.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.model.GenerationState;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.validation.GenerationFields;
import io.kiemp4drop.validation.LogSafe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The generations API (routes/api.camel.yaml): add, list, read, resubmit and drop generation requests. */
public class GenerationApi {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationApi.class);
    private static final int MAX_ITEMS = 1000;

    private final GenerationLedger ledger;
    private final boolean enabled;

    /** @param enabled kie.generate.callback-url is set: without it requests are refused at intake */
    public GenerationApi(GenerationLedger ledger, boolean enabled) {
        this.ledger = ledger;
        this.enabled = enabled;
    }

    /** POST /generations: one request object or an array of them; each is added, already known, or refused. */
    public Map<String, Object> add(Exchange exchange, JsonNode body) {
        if (!enabled) {
            throw new ApiRefusal(409, "generation needs kie.generate.callback-url (the public URL of this bundle's callback"
                    + " receiver); no request was taken");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(items::add);
        } else if (body != null && body.isObject()) {
            items.add(body);
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new ApiRefusal(400, "expected a generation request object, or an array of 1 to " + MAX_ITEMS);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        List<Map<String, Object>> known = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String problem = problemOf(item);
            if (problem != null) {
                refused.add(Map.of("index", i, "reason", problem));
                continue;
            }
            GenerationLedger.Added result = ledger.add(item.path("musicTaskId").asText(), item.path("audioId").asText(),
                    text(item, "author"), text(item, "domainName"));
            Map<String, Object> entry = Map.of("id", result.id(), "musicTaskId", item.path("musicTaskId").asText(),
                    "audioId", item.path("audioId").asText());
            (result.added() ? added : known).add(entry);
        }
        if (!added.isEmpty()) {
            LOG.info("{} generation request(s) added through the API ({} already known, {} refused)", added.size(),
                    known.size(), refused.size());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("added", added);
        answer.put("known", known);
        answer.put("refused", refused);
        return Answers.ok(exchange, answer);
    }

    /** GET /generations?state=&limit=&offset= */
    public Map<String, Object> list(Exchange exchange, @Header("state") String stateParam, @Header("limit") String limitParam,
            @Header("offset") String offsetParam) {
        GenerationState state = null;
        if (stateParam != null && !stateParam.isBlank()) {
            try {
                state = GenerationState.valueOf(stateParam.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiRefusal(400, "unknown state " + LogSafe.quote(stateParam));
            }
        }
        int limit = TaskApi.number("limit", limitParam, 1, 1000, 100);
        int offset = TaskApi.number("offset", offsetParam, 0, Integer.MAX_VALUE, 0);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("generations", ledger.list(state, limit, offset).stream().map(GenerationApi::view).toList());
        page.put("limit", limit);
        page.put("offset", offset);
        return Answers.ok(exchange, page);
    }

    /** GET /generations/{id} */
    public Map<String, Object> get(Exchange exchange, @Header("id") String id) {
        return Answers.ok(exchange, view(find(id)));
    }

    /** POST /generations/{id}/resubmit: an UNCERTAIN or REJECTED request is sent again (409 otherwise). */
    public Map<String, Object> resubmit(Exchange exchange, @Header("id") String id) {
        Generation generation = find(id);
        if (!ledger.resubmit(generation.id())) {
            throw new ApiRefusal(409, "only an UNCERTAIN or REJECTED request can be resubmitted", Map.of("state",
                    generation.state().name()));
        }
        LOG.warn("Generation {} resubmitted through the API (was {}): kie.ai may create a second video for it",
                generation.id(), generation.state());
        return Answers.ok(exchange, view(find(id)));
    }

    /** DELETE /generations/{id}: dropped (CANCELLED) unless submitted or being sent right now (409). */
    public Map<String, Object> drop(Exchange exchange, @Header("id") String id) {
        Generation generation = find(id);
        if (!ledger.cancel(generation.id())) {
            throw new ApiRefusal(409, "a submitted request, or one being sent, cannot be dropped", Map.of("state",
                    generation.state().name()));
        }
        LOG.info("Generation {} CANCELLED through the API (was {})", generation.id(), generation.state());
        return Answers.ok(exchange, view(find(id)));
    }

    /** Why this request cannot be taken, or null. */
    static String problemOf(JsonNode item) {
        if (item == null || !item.isObject()) {
            return "not an object";
        }
        for (String field : List.of("musicTaskId", "audioId", "author", "domainName")) {
            JsonNode value = item.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                return field + " must be text";
            }
        }
        return GenerationFields.problemOf(text(item, "musicTaskId"), text(item, "audioId"), text(item, "author"),
                text(item, "domainName"));
    }

    private static String text(JsonNode item, String field) {
        return item.path(field).isTextual() ? item.path(field).asText() : null;
    }

    private Generation find(String id) {
        return (id != null && id.matches("g-[0-9a-f]{1,38}") ? ledger.get(id) : java.util.Optional.<Generation>empty())
                .orElseThrow(() -> new ApiRefusal(404, "unknown generation " + LogSafe.quote(id)));
    }

    static Map<String, Object> view(Generation g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", g.id());
        out.put("musicTaskId", g.musicTaskId());
        out.put("audioId", g.audioId());
        out.put("author", g.author());
        out.put("domainName", g.domainName());
        out.put("state", g.state().name());
        out.put("taskId", g.taskId());
        out.put("attempts", g.attempts());
        out.put("lastError", g.lastError());
        out.put("createdAt", Instant.ofEpochMilli(g.createdAt()).toString());
        out.put("updatedAt", Instant.ofEpochMilli(g.updatedAt()).toString());
        return out;
    }
}
