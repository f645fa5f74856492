package io.q2o.coder;

/** Where a component's final code came from. */
public enum CodeSource {
    /** The rendered template (template strategy, or hybrid fallback). */
    TEMPLATE,
    /** The LLM (generated, enhanced, or repaired). */
    LLM
}
