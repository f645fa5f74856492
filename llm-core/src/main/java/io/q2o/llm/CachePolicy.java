package io.q2o.llm;

/** How one request uses the response cache. The default is {@link #USE}. */
public enum CachePolicy {
    /** Look up the cache and store a successful answer. */
    USE,
    /** Neither look up nor store: always call the provider. */
    BYPASS,
    /** Look up, but do not store this request's answer. */
    NO_STORE
}
