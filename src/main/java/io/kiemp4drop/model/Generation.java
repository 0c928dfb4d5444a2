package io.kiemp4drop.model;

/**
 * One generation request as the store holds it.
 *
 * @param id           our request ID, also in the callBackUrl sent to kie.ai ({@code ?request=<id>})
 * @param taskId       the video task kie.ai created for it, once SUBMITTED
 * @param sendingSince when the request went out, while no answer is recorded (null otherwise)
 */
public record Generation(String id, String musicTaskId, String audioId, String author, String domainName,
        GenerationState state, String taskId, int attempts, String lastError, Long sendingSince, long createdAt,
        long updatedAt) {
}
