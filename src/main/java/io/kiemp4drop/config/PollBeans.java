package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.health.ApiAccessHealthCheck;
import io.kiemp4drop.http.RecordInfoReader;
import io.kiemp4drop.metrics.KieMetrics;
import io.kiemp4drop.poll.ClusterRateLimiter;
import io.kiemp4drop.poll.PollGate;
import io.kiemp4drop.poll.PollOutcomes;
import io.kiemp4drop.poll.TaskExpiry;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.retry.Backoff;
import io.kiemp4drop.store.AccountGate;
import io.kiemp4drop.store.Database;
import io.kiemp4drop.store.PollTransitions;
import io.kiemp4drop.store.TaskReads;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Polling record-info: the account-wide gate and rate cap, reading the answers, and what each answer does. */
public class PollBeans implements CamelConfiguration {

    /** The back-off of transient poll and download failures (kie.poll.backoff-initial / -max). */
    @BindToRegistry("pollBackoff")
    public Backoff pollBackoff(@PropertyInject("kie.poll.backoff-initial") Duration initial,
            @PropertyInject("kie.poll.backoff-max") Duration max) {
        return new Backoff(initial, max);
    }

    @BindToRegistry("pollGate")
    public PollGate pollGate(@PropertyInject("kie.poll.circuit-breaker-failures") int breakerFailures,
            @PropertyInject("kie.poll.circuit-breaker-pause") Duration breakerPause, AccountGate accountGate) {
        return new PollGate(breakerFailures, breakerPause, accountGate);
    }

    @BindToRegistry("clusterRateLimiter")
    public ClusterRateLimiter clusterRateLimiter(AccountGate accountGate, Database database,
            @PropertyInject("kie.api.max-requests-per-second") int maxRequestsPerSecond) {
        return new ClusterRateLimiter(accountGate, database.isPostgres(), maxRequestsPerSecond);
    }

    @BindToRegistry("recordInfoReader")
    public RecordInfoReader recordInfoReader(@PropertyInject("kie.api.max-response-bytes") int maxResponseBytes,
            @BeanInject("kieJson") ObjectMapper json) {
        return new RecordInfoReader(maxResponseBytes, json);
    }

    @BindToRegistry("taskExpiry")
    public TaskExpiry taskExpiry(TaskReads reads, TaskEndings endings, @PropertyInject("kie.poll.give-up-after") Duration giveUpAfter) {
        return new TaskExpiry(reads, endings, giveUpAfter);
    }

    @BindToRegistry("pollOutcomes")
    public PollOutcomes pollOutcomes(PollTransitions transitions, PollGate gate, @BeanInject("pollBackoff") Backoff backoff,
            TaskEndings endings, KieMetrics metrics, @BeanInject("kieJson") ObjectMapper json,
            @PropertyInject("kie.poll.period") Duration period, @PropertyInject("kie.api.auth-pause") Duration authPause,
            @PropertyInject("kie.poll.not-found-attempts") int notFoundAttempts) {
        return new PollOutcomes(transitions, gate, backoff, endings, metrics, json, period, authPause, notFoundAttempts);
    }

    /** Readiness: DOWN while kie.ai rejects the key or the account has no credits. */
    @BindToRegistry("kieApiAccess")
    public ApiAccessHealthCheck kieApiAccess(PollGate gate) {
        return new ApiAccessHealthCheck(gate);
    }
}
