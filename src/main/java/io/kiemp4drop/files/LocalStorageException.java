package io.kiemp4drop.files;

/** Our own disk refused a write (full, not writable...). Not the video's fault: retried without counting an attempt. */
public class LocalStorageException extends RuntimeException {

    public LocalStorageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
