package io.q2o.llm.spi;

import io.q2o.llm.ErrorKind;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider-neutral failure of one attempt. Adapters map every SDK error to one of the
 * subclasses; the pipeline decides on retry and fallback from {@link #kind()} and
 * {@link #retryAfter()}. Messages must never contain an API key.
 */
public class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String provider;
    private final int statusCode;
    private final Duration retryAfter;

    /**
     * @param kind       the classification
     * @param provider   the provider name
     * @param statusCode the HTTP status, or -1 if none
     * @param retryAfter the server's requested delay, or {@code null}
     * @param message    a one-line message (the provider's own, where it has one)
     * @param cause      the SDK exception, or {@code null}
     */
    public ProviderException(ErrorKind kind, String provider, int statusCode, Duration retryAfter,
                             String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.statusCode = statusCode;
        this.retryAfter = retryAfter;
    }

    /** @return the classification */
    public ErrorKind kind() { return kind; }

    /** @return the provider name */
    public String provider() { return provider; }

    /** @return the HTTP status code, if the failure had one */
    public OptionalInt statusCode() { return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode); }

    /** @return the delay the server asked for (Retry-After), if any */
    public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }
}
