package io.kiemp4drop.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.demo.KieSimulator.Ending;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The script of one simulated task: PENDING for a number of polls (or until it is released), then its ending,
 * with its video. Both record-info answers are built once, when the simulator knows its address, so answering a
 * poll costs a counter and a write.
 */
final class SimulatedTask {

    private final String id;
    private final int pendingPolls;
    private final Ending ending;
    private final GeneratedVideo generated;
    private final byte[] sample;
    private final String callbackUrl;
    private final Map<String, Object> song;
    private final AtomicInteger polls = new AtomicInteger();
    private volatile boolean released;
    private volatile byte[] pendingAnswer;
    private volatile byte[] endingAnswer;

    private SimulatedTask(String id, int pendingPolls, Ending ending, GeneratedVideo generated, byte[] sample,
            String callbackUrl, Map<String, Object> song) {
        this.callbackUrl = callbackUrl;
        this.song = song != null ? song : Map.of("musicId", "music-" + id, "audioId", Math.abs(id.hashCode() % 1000));
        this.id = id;
        this.pendingPolls = pendingPolls;
        this.ending = ending;
        this.generated = generated;
        this.sample = sample;
    }

    /** Ends with {@code ending}; a SUCCESS serves the MP4 at {@code resource} on the class path. */
    static SimulatedTask withSample(String id, int pendingPolls, Ending ending, String resource) {
        return new SimulatedTask(id, pendingPolls, ending, null, ending == Ending.SUCCESS ? load(resource) : null, null,
                null);
    }

    /** Ends SUCCESS serving these bytes. */
    static SimulatedTask withBytes(String id, int pendingPolls, byte[] video) {
        return new SimulatedTask(id, pendingPolls, Ending.SUCCESS, null, video, null, null);
    }

    /** Ends SUCCESS with a generated video. */
    static SimulatedTask withVideo(String id, int pendingPolls, GeneratedVideo video) {
        return new SimulatedTask(id, pendingPolls, Ending.SUCCESS, video, null, null, null);
    }

    /**
     * The same script for a task made by a generate request: record-info names the song (as musicId and audioId)
     * and {@code callbackUrl}.
     */
    SimulatedTask madeFor(String musicTaskId, String audioId, String callbackUrl) {
        return new SimulatedTask(id, pendingPolls, ending, generated, sample, callbackUrl,
                Map.of("musicId", musicTaskId, "audioId", audioId));
    }

    String id() {
        return id;
    }

    boolean hasVideo() {
        return generated != null || sample != null;
    }

    /** Builds both answers; {@code videoUrl} is where the simulator serves this task's video. */
    void prepare(ObjectMapper json, Instant created, String videoUrl) {
        try {
            pendingAnswer = json.writeValueAsBytes(envelope(data(created, "PENDING")));
            Map<String, Object> data = data(created, ending == Ending.SUCCESS ? "SUCCESS" : "GENERATE_MP4_FAILED");
            data.put("completeTime", Instant.now().toString());
            if (ending == Ending.SUCCESS) {
                data.put("response", Map.of("videoUrl", videoUrl));
            } else {
                data.put("errorCode", 500);
                data.put("errorMessage", "The simulator failed this one on purpose");
            }
            endingAnswer = json.writeValueAsBytes(envelope(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer to one poll; a released task ends at once ({@code allReleased}: every task is). */
    byte[] answer(boolean allReleased) {
        boolean waiting = pendingPolls == KieSimulator.UNTIL_READY || polls.incrementAndGet() <= pendingPolls;
        return waiting && !released && !allReleased ? pendingAnswer : endingAnswer;
    }

    void release() {
        released = true;
    }

    void reset() {
        released = false;
        polls.set(0);
    }

    long videoSize() {
        return generated != null ? generated.size() : sample.length;
    }

    void writeVideo(OutputStream out) throws IOException {
        if (generated != null) {
            generated.writeTo(out);
        } else {
            out.write(sample);
        }
    }

    static Map<String, Object> envelope(Map<String, ?> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", 200);
        envelope.put("msg", "success");
        envelope.put("data", data);
        return envelope;
    }

    private Map<String, Object> data(Instant created, String successFlag) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", id);
        data.putAll(song);
        data.put("createTime", created.toString());
        data.put("successFlag", successFlag);
        if (callbackUrl != null) {
            data.put("callbackUrl", callbackUrl);
        }
        return data;
    }

    private static byte[] load(String resource) {
        try (InputStream in = SimulatedTask.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample video " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
