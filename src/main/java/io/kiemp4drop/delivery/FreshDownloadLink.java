package io.kiemp4drop.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.http.KieAnswers;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.validation.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback for a refused direct video link (kie.download.fallback): kie.ai's download-url endpoint is asked for
 * a fresh, temporary link to the same file, and the download is pointed at it, under the same URL policy. The API
 * call goes to kie.api.base-url only; the file host never sees the key (DownloadRequest drops every header).
 */
public class FreshDownloadLink {

    private static final Logger LOG = LoggerFactory.getLogger(FreshDownloadLink.class);

    private final DownloadRequest downloads;
    private final ObjectMapper json;

    public FreshDownloadLink(DownloadRequest downloads, ObjectMapper json) {
        this.downloads = downloads;
        this.json = json;
    }

    /** The refused answer's connection dropped, its status kept for the error text; body: the request for the video URL. */
    public Map<String, String> request(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        exchange.setProperty(ExchangeNames.DIRECT_LINK_STATUS, status);
        VideoSpooler.abort(message.getBody(InputStream.class));
        message.getHeaders().clear();
        RecordInfo record = exchange.getProperty(ExchangeNames.RECORD, RecordInfo.class);
        LOG.info("Task {}: the file host answered HTTP {}; asking kie.ai for a fresh download link",
                exchange.getProperty(ExchangeNames.TASK_ID), status);
        return Map.of("url", record == null || record.videoUrl() == null ? "" : record.videoUrl());
    }

    /**
     * kie.ai's answer: code 200 with the link in {@code data} points the download at it (URL policy first: a
     * refused link is never fetched); anything else is one failed download check naming both refusals.
     */
    public void read(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode answer = KieAnswers.read(json, message.getBody(InputStream.class));
        String link = answer.path("data").isTextual() ? answer.path("data").asText() : null;
        if (status != 200 || answer.path("code").asInt(0) != 200 || link == null || link.isBlank()) {
            String why = answer.path("msg").isTextual() ? ": " + LogSafe.quote(answer.path("msg").asText()) : "";
            int code = answer.path("code").asInt(status);
            throw new DownloadCheckException("file host answered HTTP " + exchange.getProperty(ExchangeNames.DIRECT_LINK_STATUS)
                    + " (link expired or removed?), and kie.ai gave no fresh download link (HTTP " + status
                    + (code != status ? ", code " + code : "") + why + ")");
        }
        downloads.pointAt(exchange, link);
    }
}
