package io.kiemp4drop.delivery;

import io.kiemp4drop.model.RecordInfo;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.net.URI;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Prepares the exchange for the static download endpoint: checks the video URL against the policy and
 * points the endpoint at it through {@code CamelHttpUri}. Every other header is dropped first, so
 * nothing from the API call (its Authorization header above all) ever reaches a file host.
 */
public class DownloadRequest {

    private final DownloadUrlPolicy policy;

    public DownloadRequest(DownloadUrlPolicy policy) {
        this.policy = policy;
    }

    public void prepare(Exchange exchange) {
        RecordInfo record = exchange.getProperty(ExchangeNames.RECORD, RecordInfo.class);
        pointAt(exchange, record == null ? null : record.videoUrl());
    }

    /** The same for a link kie.ai gave instead (a fresh download link): the same policy applies. */
    public void pointAt(Exchange exchange, String url) {
        URI target = policy.check(url);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setBody(null);
        message.setHeader(Exchange.HTTP_URI, target.toString());
    }
}
