package io.kiemp4drop.intake;

import io.kiemp4drop.model.IntakeBatch;
import io.kiemp4drop.model.IntakeCounts;
import io.kiemp4drop.store.TaskRegistry;
import io.kiemp4drop.validation.LogSafe;
import io.kiemp4drop.validation.TaskIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads task IDs from kie.task-ids and from inbox files and takes them in. Every ID is validated: a refused one
 * is logged (escaped) and goes no further; a known one is left as it is.
 */
public class TaskIntake {

    private static final Logger LOG = LoggerFactory.getLogger(TaskIntake.class);
    private static final int REFUSALS_LOGGED_PER_SOURCE = 10;
    private static final int IDS_PER_TRANSACTION = 500;
    private static final String CONFIG = "config";

    private final TaskRegistry registry;
    private final String configuredIds;
    private final long maxFileBytes;
    private volatile boolean configuredTaken;

    public TaskIntake(TaskRegistry registry, String configuredIds, long maxFileBytes) {
        this.registry = registry;
        this.configuredIds = configuredIds == null ? "" : configuredIds;
        this.maxFileBytes = maxFileBytes;
    }

    /** The IDs of kie.task-ids. */
    public IntakeBatch fromSetting() {
        Reading reading = new Reading(CONFIG, "kie.task-ids");
        for (String candidate : configuredIds.split(",")) {
            reading.take(candidate.strip());
        }
        return reading.batch();
    }

    /** The IDs of one inbox file, read whole as UTF-8 text before anything is stored; refused whole when too large or not text. */
    public IntakeBatch fromInboxFile(Exchange exchange) throws IOException {
        String fileName = LogSafe.quote(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        long length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxFileBytes) {
            throw new InboxFileRefusedException("inbox file " + fileName + " has " + length
                    + " bytes, more than kie.inbox.max-file-bytes (" + maxFileBytes + "); moved to .failed/");
        }
        Reading reading = new Reading("inbox", "inbox file " + fileName);
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    reading.take(id);
                }
            }
        } catch (CharacterCodingException e) {
            throw new InboxFileRefusedException("inbox file " + fileName + " is not UTF-8 text; nothing imported, moved to .failed/");
        } catch (InvalidPayloadException e) {
            throw new IOException("inbox file " + fileName + " could not be read", e);
        }
        return reading.batch();
    }

    /** New IDs become PENDING tasks, due now; known ones stay as they are. */
    public IntakeCounts register(IntakeBatch batch) {
        int added = 0;
        List<String> ids = batch.taskIds();
        for (int from = 0; from < ids.size(); from += IDS_PER_TRANSACTION) {
            added += registry.addAll(ids.subList(from, Math.min(ids.size(), from + IDS_PER_TRANSACTION)), batch.source());
        }
        if (CONFIG.equals(batch.source())) {
            configuredTaken = true;
        }
        return new IntakeCounts(batch.origin(), added, ids.size() - added, batch.refused());
    }

    /** kie.task-ids has been taken in (kie.exit-when-done waits for it). */
    public boolean isConfiguredTaken() {
        return configuredTaken;
    }

    /** Validates candidates one by one, logging the first refusals of a source. */
    private static final class Reading {
        private final String source;
        private final String origin;
        private final List<String> valid = new ArrayList<>();
        private int refused;

        Reading(String source, String origin) {
            this.source = source;
            this.origin = origin;
        }

        void take(String candidate) {
            if (candidate.isEmpty()) {
                return;
            }
            if (TaskIds.isValid(candidate)) {
                valid.add(candidate);
            } else if (++refused <= REFUSALS_LOGGED_PER_SOURCE) {
                LOG.warn("{}: refused task ID {}: a task ID is 1-128 characters of A-Z a-z 0-9 _ -", origin,
                        LogSafe.quote(candidate));
            }
        }

        IntakeBatch batch() {
            if (refused > REFUSALS_LOGGED_PER_SOURCE) {
                LOG.warn("{}: {} more refused lines not shown", origin, refused - REFUSALS_LOGGED_PER_SOURCE);
            }
            return new IntakeBatch(source, origin, List.copyOf(valid), refused);
        }
    }
}
