package io.kiemp4drop.model;

import io.kiemp4drop.validation.DownloadUrlPolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code data} object of a record-info answer, normalised: times as ISO-8601 when they could be read,
 * the success flag as text whatever type the API used, audioId or musicIndex as sent.
 */
public record RecordInfo(
        String taskId,
        String musicId,
        String audioId,
        String musicIndex,
        String successFlag,
        String videoUrl,
        String createTime,
        String completeTime,
        String errorCode,
        String errorMessage,
        String callbackUrl) {

    /** The fields worth keeping in reports and sidecars; the video URL loses its (signed) query string. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("musicId", musicId);
        if (audioId != null) {
            out.put("audioId", audioId);
        }
        if (musicIndex != null) {
            out.put("musicIndex", musicIndex);
        }
        out.put("successFlag", successFlag);
        out.put("videoUrl", DownloadUrlPolicy.withoutQuery(videoUrl));
        out.put("createTime", createTime);
        out.put("completeTime", completeTime);
        out.put("errorCode", errorCode);
        out.put("errorMessage", errorMessage);
        return out;
    }
}
