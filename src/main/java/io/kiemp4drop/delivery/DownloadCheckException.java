package io.kiemp4drop.delivery;

/** A download that started but whose answer or body failed a check; counts toward kie.download.max-attempts. */
public class DownloadCheckException extends RuntimeException {

    public DownloadCheckException(String reason) {
        super(reason);
    }

    public DownloadCheckException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
