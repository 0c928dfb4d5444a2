package io.kiemp4drop.e2e;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The names of files that appeared in a folder (created, or renamed into it) since it began to be watched. The
 * kernel reports them (inotify), so a file that exists for a millisecond only is seen as surely as any other.
 */
final class NewFiles implements AutoCloseable {

    private final WatchService watcher;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    NewFiles(Path folder) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
    }

    /** True when a file whose name matches appeared since the watch began. */
    boolean appeared(Predicate<String> name) {
        for (WatchKey key = watcher.poll(); key != null; key = watcher.poll()) {
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.context() instanceof Path file) {
                    seen.add(file.getFileName().toString());
                }
            }
            key.reset();
        }
        return seen.stream().anyMatch(name);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
