package io.kiemp4drop.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.http.KieAnswers;
import io.kiemp4drop.http.RetryAfter;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.model.Generation;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each generation request to kie.ai at most once on its own (routes/generate.camel.yaml): the request is
 * marked as being sent, durably, before it goes out; kie.ai's answer then makes it SUBMITTED (its video task
 * tracked), REJECTED, or back in the queue when kie.ai asked for a pause; an answer that never came makes it
 * UNCERTAIN, never sent again unless the operator says so.
 */
public class GenerationSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationSubmitter.class);
    private final GenerationLedger ledger;
    private final PollGate gate;
    private final ObjectMapper json;
    private final String callbackUrl;
    private final int batchSize;
    private final AtomicBoolean recoveredOwn = new AtomicBoolean();
    private final Duration resubmitUncertainAfter;
    private final KieMetrics metrics;
    private final Backoff notSentBackoff;

    /** @param resubmitUncertainAfter kie.generate.resubmit-uncertain-after, or null: never */
    public GenerationSubmitter(GenerationLedger ledger, PollGate gate, ObjectMapper json, String callbackUrl, int batchSize,
            Duration resubmitUncertainAfter, KieMetrics metrics, Backoff notSentBackoff) {
        this.metrics = metrics;
        this.notSentBackoff = notSentBackoff;
        this.resubmitUncertainAfter = resubmitUncertainAfter;
        this.ledger = ledger;
        this.gate = gate;
        this.json = json;
        this.callbackUrl = callbackUrl;
        this.batchSize = batchSize;
    }

    /**
     * Requests some replica was sending when it stopped (lease run out; on this replica's first run, its own from
     * before its restart) become UNCERTAIN, with one line each.
     */
    public void recoverInterrupted() {
        List<String> found = ledger.recoverInterrupted(!recoveredOwn.getAndSet(true));
        if (!found.isEmpty()) {
            LOG.warn("{} generation request(s) were being sent when a process stopped: UNCERTAIN, not sent again on their "
                    + "own: {}", found.size(), String.join(", ", found));
        }
    }

    /** With kie.generate.resubmit-uncertain-after set: UNCERTAIN requests older than that are sent again. */
    public void resubmitOverdueUncertain() {
        if (resubmitUncertainAfter == null) {
            return;
        }
        int resent = ledger.resubmitUncertainOlderThan(resubmitUncertainAfter);
        if (resent > 0) {
            LOG.warn("{} UNCERTAIN generation request(s) sent again after kie.generate.resubmit-uncertain-after ({}): kie.ai "
                    + "may make a second video for them", resent, resubmitUncertainAfter);
        }
    }

    /** Requests due to be sent, leased to this replica; none when generation is off (no callback URL). */
    public List<Generation> claimDue() {
        return callbackUrl.isBlank() ? List.of() : ledger.claimDue(batchSize);
    }

    /** PAUSED when the account is paused (401/402/429/455 seen): the request waits for the pause's end; else OPEN. */
    public String waitIfPaused(@ExchangeProperty(ExchangeNames.GENERATION) Generation generation) {
        if (gate.isOpen()) {
            return "OPEN";
        }
        ledger.notSent(generation.id(), "polling and generation are paused", Duration.ofMillis(
                Math.max(0, gate.reopensAt() - System.currentTimeMillis())));
        return "PAUSED";
    }

    /**
     * Marked as being sent, durably; returns the JSON kie.ai's generate endpoint takes, or null (nothing to send)
     * when another replica took the request over.
     */
    public Map<String, Object> sending(Exchange exchange, @ExchangeProperty(ExchangeNames.GENERATION) Generation generation) {
        if (!ledger.sending(generation.id())) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskId", generation.musicTaskId());
        body.put("audioId", generation.audioId());
        body.put("callBackUrl", callbackUrl + (callbackUrl.contains("?") ? "&" : "?") + "request=" + generation.id());
        if (generation.author() != null) {
            body.put("author", generation.author());
        }
        if (generation.domainName() != null) {
            body.put("domainName", generation.domainName());
        }
        exchange.getMessage().getHeaders().clear();
        return body;
    }

    /** kie.ai's answer, read within bounds: SUBMITTED, REJECTED, back in the queue (a pause), or UNCERTAIN. */
    public void answered(Exchange exchange, @ExchangeProperty(ExchangeNames.GENERATION) Generation generation) throws IOException {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode answer = KieAnswers.read(json, message.getBody(InputStream.class));
        int code = answer.path("code").asInt(status);
        String msg = answer.path("msg").isTextual() ? answer.path("msg").asText() : "";
        String taskId = answer.path("data").path("taskId").asText("");
        if (status == 200 && code == 200 && TaskIds.isValid(taskId)) {
            ledger.submitted(generation.id(), taskId);
            metrics.generationRequest("submitted");
            gate.answered();
            LOG.info("Generation {} ({} / {}) submitted: kie.ai task {}", generation.id(), generation.musicTaskId(),
                    generation.audioId(), taskId);
        } else if (status == 400 || status == 422 || code == 400 || code == 422) {
            ledger.rejected(generation.id(), "kie.ai refused it: " + code + (msg.isEmpty() ? "" : " " + LogSafe.quote(msg)));
            metrics.generationRequest("rejected");
            LOG.warn("Generation {} REJECTED by kie.ai: {} {}", generation.id(), code, LogSafe.quote(msg));
        } else if (code == 401 || code == 402 || code == 429 || code == 455 || status == 429) {
            // refused before anything was created: safe to send again once the pause is over
            Duration pause = pauseFor(code, message.getHeader("Retry-After", String.class));
            if (code == 401 || code == 402) {
                gate.pauseForAccount(pause, code == 402 ? "insufficient credits" : "API key rejected");
            } else {
                gate.pause(pause, code == 455 ? "kie.ai is under maintenance (455)" : "rate limited by kie.ai (429)");
            }
            ledger.notSent(generation.id(), "kie.ai answered " + code + ": paused for " + pause.toSeconds() + " s", pause);
            metrics.generationRequest("paused");
        } else {
            uncertain(generation, "kie.ai answered HTTP " + status + " (code " + code + ")");
        }
    }

    /** The request never reached kie.ai (refused connection, unknown host): due again later. */
    public void notSent(Exchange exchange, @ExchangeProperty(ExchangeNames.GENERATION) Generation generation) {
        String why = LogSafe.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Duration delay = notSentBackoff.delay(generation.attempts() + 1);
        ledger.notSent(generation.id(), "not sent: " + why, delay);
        metrics.generationRequest("not_sent");
        LOG.warn("Generation {}: the request did not reach kie.ai ({}); trying again in {} s", generation.id(), why,
                delay.toSeconds());
    }

    /**
     * Any other failure: once the request was marked as being sent it may have reached kie.ai (timeout after
     * sending, connection reset), so UNCERTAIN; before that it never left, so it waits and is sent later.
     */
    public void failedAfterSending(Exchange exchange, @ExchangeProperty(ExchangeNames.GENERATION) Generation generation) {
        boolean marked = ledger.get(generation.id()).map(g -> g.sendingSince() != null).orElse(false);
        if (marked) {
            uncertain(generation, LogSafe.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        } else {
            notSent(exchange, generation);
        }
    }

    private void uncertain(Generation generation, String why) {
        ledger.uncertain(generation.id(), why + ": kie.ai may have received it");
        metrics.generationRequest("uncertain");
        LOG.warn("Generation {} ({} / {}) is UNCERTAIN: {}; it is not sent again on its own (resubmit or delete it, or "
                + "wait for kie.ai's callback)", generation.id(), generation.musicTaskId(), generation.audioId(), why);
    }

    private static Duration pauseFor(int code, String retryAfter) {
        Duration asked = retryAfter == null ? null : RetryAfter.parse(retryAfter, Instant.now());
        if (asked != null) {
            return asked;
        }
        return code == 429 ? Duration.ofSeconds(30) : Duration.ofMinutes(5);
    }
}
