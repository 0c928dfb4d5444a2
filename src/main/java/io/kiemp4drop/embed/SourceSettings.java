package io.kiemp4drop.embed;

import io.kiemp4drop.validation.ConfigurationProblem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kie-mp4 source's options, as the bundle's settings. An option left empty keeps the bundle's default; the
 * folders the bundle keeps (spool, failure reports, inbox) go under stateDir; the bundle serves no HTTP.
 */
record SourceSettings(String name, String apiKey, String taskIds, String baseUrl, String pollPeriod,
        String maxRequestsPerSecond, String stateDir, String jdbcUrl, String username, String password,
        String allowHttp, String allowedHosts, String objectName, String maxBytes, String notifyUri,
        String retryDelay) {

    /** Each option and the bundle setting it sets, for turning the bundle's messages into the option's name. */
    private static final Map<String, String> SETTING_OF = orderedMap(
            "apiKey", "kie.api.key", "taskIds", "kie.task-ids", "baseUrl", "kie.api.base-url",
            "pollPeriod", "kie.poll.period", "maxRequestsPerSecond", "kie.api.max-requests-per-second",
            "stateDir", "kie.state.dir", "jdbcUrl", "kie.store.jdbc-url", "username", "kie.store.username",
            "password", "kie.store.password", "allowHttp", "kie.download.allow-http",
            "allowedHosts", "kie.download.allowed-hosts", "objectName", "kie.object-name",
            "maxBytes", "kie.download.max-bytes", "notifyUri", "kie.notify.uri",
            "retryDelay", "kie.poll.backoff-initial");

    Map<String, String> asBundleSettings() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new ConfigurationProblem(displayName() + " needs apiKey (the kie.ai API key)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "apiKey", apiKey);
        put(settings, "taskIds", taskIds);
        put(settings, "baseUrl", baseUrl);
        put(settings, "pollPeriod", pollPeriod);
        put(settings, "maxRequestsPerSecond", maxRequestsPerSecond);
        put(settings, "jdbcUrl", jdbcUrl);
        put(settings, "username", username);
        put(settings, "password", password);
        put(settings, "allowHttp", allowHttp);
        put(settings, "allowedHosts", allowedHosts);
        put(settings, "objectName", objectName);
        put(settings, "maxBytes", maxBytes);
        put(settings, "notifyUri", notifyUri);
        put(settings, "retryDelay", retryDelay);
        Path state = Path.of(stateDir == null || stateDir.isBlank() ? "./kie-state" : stateDir.strip());
        settings.put("kie.state.dir", state.toString());
        settings.put("kie.drop.dir", state.resolve("spool").toString());
        settings.put("kie.failed.dir", state.resolve("failed").toString());
        settings.put("kie.inbox.dir", state.resolve("inbox").toString());
        settings.put("kie.sinks", EmbeddedBundle.SINK);
        settings.put("kie.http.enabled", "false");
        settings.put("kie.exit-when-done", "false");
        settings.put("kie.routes.reload", "false");
        settings.put("kie.routes.include", "");
        return settings;
    }

    /** The Kamelet's route ID (kie-mp4-source-1), or the name of a kie-mp4 endpoint used directly. */
    String displayName() {
        return name.startsWith("kie-mp4-source") ? name : "kie-mp4-source " + name;
    }

    /** The bundle's message with its setting names replaced by this source's option names. */
    String inPropertyNames(String message) {
        String answer = message;
        for (Map.Entry<String, String> option : SETTING_OF.entrySet()) {
            answer = answer.replace(option.getValue(), option.getKey());
        }
        return answer.replace("KIE_API_KEY environment variable (or apiKey)", "apiKey");
    }

    /** The bundle setting an option sets, or null for one it does not map one to one (stateDir). */
    static String settingOf(String option) {
        return "stateDir".equals(option) ? null : SETTING_OF.get(option);
    }

    private static void put(Map<String, String> settings, String option, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(SETTING_OF.get(option), value.strip());
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "SourceSettings[" + name + "]";
    }
}
