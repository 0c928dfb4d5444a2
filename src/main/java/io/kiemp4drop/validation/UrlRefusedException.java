package io.kiemp4drop.validation;

/** A video URL, redirect target or resolved address that the download policy does not allow. */
public class UrlRefusedException extends RuntimeException {

    public UrlRefusedException(String reason) {
        super(reason);
    }
}
