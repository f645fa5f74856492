package io.q2o.llm.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the delay a server asks for, for adapters to put on {@link RateLimitedException} and
 * friends: {@code retry-after-ms} (milliseconds, possibly fractional — OpenAI and Anthropic send
 * it) wins over {@code Retry-After} (delta seconds, possibly fractional, or an HTTP date).
 * Unparseable, negative or absurdly large values (over 1,000 days) are ignored; a date in the
 * past gives zero. Stateless and thread-safe.
 */
public final class RetryAfter {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");
    private static final double MAX_SECONDS = 86_400_000d;

    private RetryAfter() {
    }

    /**
     * @param header returns the first value of a header by case-insensitive name, if present
     * @param now    the current instant, for HTTP dates
     * @return the requested delay, if the headers carry a usable one
     */
    public static Optional<Duration> fromHeaders(Function<String, Optional<String>> header, Instant now) {
        Optional<Duration> millis = header.apply("retry-after-ms").flatMap(RetryAfter::parseMillis);
        if (millis.isPresent()) {
            return millis;
        }
        return header.apply("retry-after").flatMap(v -> parse(v, now));
    }

    /**
     * @param value a {@code retry-after-ms} value
     * @return the delay, if the value is a non-negative number
     */
    public static Optional<Duration> parseMillis(String value) {
        return decimal(value).filter(ms -> ms / 1000 <= MAX_SECONDS)
                .map(ms -> Duration.ofNanos(Math.round(ms * 1_000_000d)));
    }

    /**
     * @param value a {@code Retry-After} value: delta seconds or an HTTP date
     * @param now   the current instant
     * @return the delay, if the value is usable
     */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<Double> seconds = decimal(value);
        if (seconds.isPresent()) {
            return seconds.filter(s -> s <= MAX_SECONDS).map(s -> Duration.ofNanos(Math.round(s * 1_000_000_000d)));
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> decimal(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        return DECIMAL.matcher(v).matches() ? Optional.of(Double.parseDouble(v)) : Optional.empty();
    }
}
