package io.q2o.llm;

/** The shape of answer requested from the model. The default is {@link #TEXT}. */
public enum ResponseFormat {
    /** Free text. */
    TEXT,
    /** A JSON object (provider JSON mode where available). */
    JSON
}
