package io.kiemp4drop.intake;

/** An inbox file that is not imported at all (too large). */
public class InboxFileRefusedException extends RuntimeException {

    public InboxFileRefusedException(String reason) {
        super(reason);
    }
}
