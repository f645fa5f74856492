package io.q2o.coder;

/** How a component's code is produced (the plan's {@code _choose_strategy}). */
public enum Strategy {
    /** Render the component's template; no LLM call. */
    TEMPLATE,
    /** Generate the code with the LLM (no template exists). */
    LLM,
    /** Render the template, then ask the LLM to enhance it; the template output is the fallback. */
    HYBRID
}
