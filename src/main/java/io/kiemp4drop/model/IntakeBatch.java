package io.kiemp4drop.model;

import java.util.List;

/**
 * Task IDs read from one source (kie.task-ids, an inbox file), already validated.
 *
 * @param source  the source recorded with new tasks (config, inbox)
 * @param origin  how log lines name the source, escaped
 * @param taskIds the valid IDs, in the order read (duplicates possible)
 * @param refused how many candidates failed validation (each one was logged)
 */
public record IntakeBatch(String source, String origin, List<String> taskIds, int refused) {
}
