package io.kiemp4drop.intake;

import io.kiemp4drop.store.TaskStore;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings task IDs in: from kie.task-ids at start-up and from inbox files. Every ID is validated;
 * a refused one is logged (escaped) and goes no further. Known IDs are left as they are.
 */
public class TaskIntake {

    private static final Logger LOG = LoggerFactory.getLogger(TaskIntake.class);
    private static final int REFUSALS_LOGGED_PER_FILE = 10;

    private final TaskStore store;
    private final String configuredIds;
    private final long maxFileBytes;
    private volatile boolean configuredRegistered;

    public TaskIntake(TaskStore store, String configuredIds, long maxFileBytes) {
        this.store = store;
        this.configuredIds = configuredIds == null ? "" : configuredIds;
        this.maxFileBytes = maxFileBytes;
    }

    /** Registers the IDs of kie.task-ids. */
    public void registerConfigured() {
        Counts counts = new Counts();
        for (String candidate : Arrays.asList(configuredIds.split(","))) {
            String id = candidate.trim();
            if (!id.isEmpty()) {
                register(id, "config", counts, "kie.task-ids");
            }
        }
        configuredRegistered = true;
        if (counts.total() > 0) {
            LOG.info("kie.task-ids: {}", counts);
        }
    }

    public boolean isConfiguredRegistered() {
        return configuredRegistered;
    }

    /** Imports one inbox file, read as UTF-8 text line by line. */
    public void importInbox(Exchange exchange) throws IOException {
        String fileName = LogSafe.quote(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        long length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxFileBytes) {
            throw new InboxFileRefusedException("inbox file " + fileName + " has " + length
                    + " bytes, more than kie.inbox.max-file-bytes (" + maxFileBytes + "); moved to .failed/");
        }
        Counts counts = new Counts();
        // the whole file is read before anything is stored, so a file refused half-way imports nothing
        List<String> valid = new ArrayList<>();
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String id = line.strip();
                if (id.isEmpty() || id.startsWith("#")) {
                    continue;
                }
                if (!TaskIds.isValid(id)) {
                    counts.refused++;
                    if (counts.refused <= REFUSALS_LOGGED_PER_FILE) {
                        LOG.warn("Inbox file {}: refused task ID {}: a task ID is 1-128 characters of A-Z a-z 0-9 _ -",
                                fileName, LogSafe.quote(id));
                    }
                    continue;
                }
                valid.add(id);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InboxFileRefusedException("inbox file " + fileName + " is not UTF-8 text; nothing imported, moved to .failed/");
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IOException("inbox file " + fileName + " could not be read", e);
        }
        for (int from = 0; from < valid.size(); from += 500) {
            addAll(new ArrayList<>(valid.subList(from, Math.min(valid.size(), from + 500))), counts);
        }
        if (counts.refused > REFUSALS_LOGGED_PER_FILE) {
            LOG.warn("Inbox file {}: {} more refused lines not shown", fileName, counts.refused - REFUSALS_LOGGED_PER_FILE);
        }
        LOG.info("Imported inbox file {}: {}", fileName, counts);
    }

    private void addAll(List<String> batch, Counts counts) {
        int added = store.addAll(batch, "inbox");
        counts.added += added;
        counts.known += batch.size() - added;
        batch.clear();
    }

    private void register(String id, String source, Counts counts, String origin) {
        if (!TaskIds.isValid(id)) {
            counts.refused++;
            LOG.warn("{}: refused task ID {}: a task ID is 1-128 characters of A-Z a-z 0-9 _ -", origin, LogSafe.quote(id));
        } else if (store.add(id, source)) {
            counts.added++;
        } else {
            counts.known++;
        }
    }

    private static final class Counts {
        int added;
        int known;
        int refused;

        int total() {
            return added + known + refused;
        }

        @Override
        public String toString() {
            return added + " added, " + known + " already known, " + refused + " refused";
        }
    }
}
