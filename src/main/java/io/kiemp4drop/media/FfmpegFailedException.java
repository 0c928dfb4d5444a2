package io.kiemp4drop.media;

/** An ffmpeg step that failed: its one-line reason (ffmpeg's last line, or the time limit). */
public class FfmpegFailedException extends Exception {

    public FfmpegFailedException(String reason) {
        super(reason);
    }
}
