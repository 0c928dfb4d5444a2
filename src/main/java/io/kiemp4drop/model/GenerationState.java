package io.kiemp4drop.model;

/**
 * Where a generation request stands. SUBMITTING: waiting to be sent, or being sent; SUBMITTED: kie.ai answered with
 * the video task (tracked like any task); REJECTED: kie.ai refused it (400/422); UNCERTAIN: it may have reached
 * kie.ai without an answer, so it is not sent again on its own; CANCELLED: dropped by the operator.
 */
public enum GenerationState {
    SUBMITTING, SUBMITTED, REJECTED, UNCERTAIN, CANCELLED
}
