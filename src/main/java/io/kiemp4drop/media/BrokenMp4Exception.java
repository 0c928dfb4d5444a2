package io.kiemp4drop.media;

/** An MP4 whose box structure is not whole; the message says which box and at which offset. */
public class BrokenMp4Exception extends RuntimeException {

    public BrokenMp4Exception(String reason) {
        super(reason);
    }
}
