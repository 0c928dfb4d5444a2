package io.kiemp4drop.delivery;

import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.media.BrokenMp4Exception;
import io.kiemp4drop.media.Mp4Inspector;
import io.kiemp4drop.model.SpooledVideo;
import io.kiemp4drop.validation.LogSafe;
import java.io.UncheckedIOException;

/**
 * The spooled video's MP4 structure, checked before any sink sees it, and its media facts read. A broken video is
 * removed from the spool and counts as a failed download check (kie.download.max-attempts), its reason naming the
 * box and the offset.
 */
public class VideoStructure {

    private final SpoolArea spool;

    public VideoStructure(SpoolArea spool) {
        this.spool = spool;
    }

    public SpooledVideo check(SpooledVideo video) {
        try {
            return video.withMedia(Mp4Inspector.inspect(video.file()));
        } catch (BrokenMp4Exception e) {
            spool.discardOwn(video.taskId());
            throw new DownloadCheckException("not a whole MP4: " + e.getMessage());
        } catch (UncheckedIOException e) {
            spool.discardOwn(video.taskId());
            throw new LocalStorageException("cannot read the spooled video " + video.file().getFileName() + ": "
                    + LogSafe.escape(e.getCause().getMessage()), e);
        }
    }
}
