package io.kiemp4drop.model;

/** What one record-info answer means for polling, after HTTP status and envelope code are combined. */
public enum PollOutcome {
    /** code 200 (or 0) with a data object: route on its successFlag. */
    RECORD,
    /** data: null or 404: the API does not know the task (yet). */
    NOT_FOUND,
    /** 401: the API key was rejected. */
    KEY_REJECTED,
    /** 402: the account has no credits left. */
    NO_CREDITS,
    /** 429: rate limited. */
    RATE_LIMITED,
    /** 455: maintenance. */
    UNAVAILABLE,
    /** 5xx, timeouts, connection errors, malformed answers: try again later. */
    TRANSIENT,
    /** 400 / 422: the API refuses the task ID itself. */
    INVALID
}
