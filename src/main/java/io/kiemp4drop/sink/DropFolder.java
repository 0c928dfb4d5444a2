package io.kiemp4drop.sink;

import io.kiemp4drop.files.AtomicFiles;
import io.kiemp4drop.files.LocalStorageException;
import io.kiemp4drop.model.ExchangeNames;
import io.kiemp4drop.validation.LogSafe;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The file sink: the sidecar, then the video, appear under kie.drop.dir by atomic rename, so a reader never
 * sees a partial file and the sidecar is there when the video shows up. The video is hard-linked from the
 * spool (copied when the spool is on another file system): no copy of a gigabyte video where a link will do,
 * which Camel's file producer would not give. A video already in place (the same file, or the same size) is
 * left alone, so a repeated call writes nothing twice.
 */
public class DropFolder {

    private final Path dropDir;

    public DropFolder(Path dropDir) {
        this.dropDir = dropDir.toAbsolutePath().normalize();
    }

    /** How error lines name this sink. */
    public String target() {
        return "the drop folder " + dropDir;
    }

    public void writeSidecar(@Body String sidecar, @Header(ExchangeNames.OBJECT_NAME) String objectName) {
        Path target = resolve(objectName);
        try {
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, sidecar.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Returns where the video now is. */
    public String placeVideo(@Body File video, @Header(ExchangeNames.OBJECT_NAME) String objectName,
            @Header(ExchangeNames.BYTES) long bytes) {
        Path target = resolve(objectName);
        Path staged = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            if (alreadyPlaced(video.toPath(), target, bytes)) {
                return target.toString();
            }
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(staged);
            try {
                Files.createLink(staged, video.toPath());
            } catch (UnsupportedOperationException | FileSystemException noLink) {
                Files.copy(video.toPath(), staged, StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.move(staged, target);
            return target.toString();
        } catch (IOException e) {
            deleteQuietly(staged);
            throw failure(e);
        }
    }

    /** The object name comes from the template and sanitised values; this is the last guard against leaving the folder. */
    private Path resolve(String objectName) {
        Path target = dropDir.resolve(objectName).normalize();
        if (!target.startsWith(dropDir) || target.equals(dropDir)) {
            throw new IllegalArgumentException("object name '" + LogSafe.escape(objectName) + "' leaves " + target());
        }
        return target;
    }

    private static boolean alreadyPlaced(Path spooled, Path target, long bytes) throws IOException {
        return Files.isRegularFile(target) && (Files.isSameFile(spooled, target) || Files.size(target) == bytes
                && Files.mismatch(spooled, target) == -1);
    }

    private LocalStorageException failure(IOException e) {
        return new LocalStorageException("cannot publish into kie.drop.dir " + dropDir + ": " + LogSafe.escape(e.getMessage()), e);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover hidden .tmp file is replaced by the next attempt
        }
    }
}
