package io.kiemp4drop.sink;

import io.kiemp4drop.media.MediaFacts;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A video's media facts as object metadata (S3, Azure Blob): duration, width, height, codecs. */
final class MediaMetadata {

    private MediaMetadata() {
    }

    /** Empty for a video spooled before its facts were read; width and height only with a video track. */
    static Map<String, String> of(MediaFacts media) {
        Map<String, String> meta = new LinkedHashMap<>();
        if (media == null) {
            return meta;
        }
        meta.put("duration", String.format(Locale.ROOT, "%.3f", media.durationSeconds()));
        if (media.width() != null) {
            meta.put("width", media.width().toString());
            meta.put("height", media.height().toString());
        }
        meta.put("codecs", media.codecs());
        return meta;
    }
}
