package io.kiemp4drop.config;

import io.kiemp4drop.delivery.MediaActions;
import io.kiemp4drop.delivery.SpoolArea;
import io.kiemp4drop.media.Ffmpeg;
import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** The optional ffmpeg steps: kie.media.ffmpeg checked once at start (exit code 2 when it cannot run), their bean. */
public class MediaBeans implements CamelConfiguration {

    /**
     * The steps' bean, bound whether or not they run (the route filters on their settings). kie.media.ffmpeg is
     * checked here, once: set but not executable, or empty while a step is on, stops the start.
     */
    @BindToRegistry("mediaActions")
    public MediaActions mediaActions(@PropertyInject("kie.media.ffmpeg") String executable,
            @PropertyInject("kie.media.ffmpeg-timeout") Duration timeout, @PropertyInject("kie.media.poster") boolean poster,
            @PropertyInject("kie.media.faststart") boolean faststart, SpoolArea spool,
            @PropertyInject("kie.media.poster-at") Duration posterAt, @PropertyInject("kie.media.poster-width") int posterWidth,
            @PropertyInject("kie.download.fsync") boolean fsync) {
        if (posterWidth < 16 || posterWidth > 8192) {
            throw new ConfigurationProblem("kie.media.poster-width must be from 16 to 8192 pixels, not " + posterWidth);
        }
        return new MediaActions(ffmpeg(executable, timeout, poster, faststart), spool, posterAt, posterWidth, fsync);
    }

    private static Ffmpeg ffmpeg(String executable, Duration timeout, boolean poster, boolean faststart) {
        if (executable.isBlank()) {
            if (poster || faststart) {
                throw new ConfigurationProblem("kie.media." + (poster ? "poster" : "faststart") + "=true needs ffmpeg:"
                        + " set kie.media.ffmpeg to an ffmpeg executable (a path, or a name on PATH)");
            }
            return null;
        }
        return new Ffmpeg(Ffmpeg.locate(executable.strip()).orElseThrow(() -> new ConfigurationProblem("kie.media.ffmpeg="
                + LogSafe.escape(executable) + " is not an executable file (nor a name found on PATH)")), timeout);
    }
}
