package io.q2o.llm;

/**
 * A fragment of a tool call while it streams. Fragments of one call share its {@code index};
 * the id and name arrive with the first fragment of a call (later ones carry {@code null}), and
 * the argument fragments concatenated in order give the call's arguments JSON. Providers that
 * send whole calls (Gemini) produce one fragment per call with everything set.
 *
 * @param index          the call's position in the model turn, from 0
 * @param id             the call id, or {@code null} when this fragment does not carry it
 * @param name           the tool name, or {@code null} when this fragment does not carry it
 * @param argumentsDelta the next piece of the arguments JSON, possibly empty
 */
public record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements StreamEvent {
    /** Validates the components; a {@code null} delta becomes empty. */
    public ToolCallDelta {
        if (index < 0) {
            throw new IllegalArgumentException("tool call delta index must be >= 0, was " + index);
        }
        argumentsDelta = argumentsDelta == null ? "" : argumentsDelta;
    }
}
