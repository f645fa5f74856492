package io.q2o.llm;

/**
 * Labels attached to a request for usage statistics; they never change the answer and are not
 * part of the cache key. Any component may be {@code null}.
 *
 * @param agentId   the calling agent, e.g. {@code "coder_main"}
 * @param taskId    the task being worked on
 * @param projectId the project the task belongs to
 */
public record RequestTags(String agentId, String taskId, String projectId) {
    /** No tags. */
    public static final RequestTags NONE = new RequestTags(null, null, null);

    /**
     * @param agentId the calling agent
     * @return tags naming only the agent
     */
    public static RequestTags agent(String agentId) {
        return new RequestTags(agentId, null, null);
    }
}
