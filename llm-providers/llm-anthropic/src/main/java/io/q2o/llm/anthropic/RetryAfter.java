package io.q2o.llm.anthropic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the delay a server asks for from {@code retry-after-ms} (milliseconds, possibly
 * fractional) or {@code Retry-After} (delta seconds, possibly fractional, or an HTTP date).
 * {@code retry-after-ms} wins when both are present because it is more precise. Unparseable,
 * negative or non-finite values are ignored; a date in the past gives zero.
 */
final class RetryAfter {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

    private RetryAfter() {
    }

    /**
     * @param header looks up all values of a header by (case-insensitive) name
     * @param clock  the clock an HTTP date is compared with
     * @return the requested delay, if the headers carry a usable one
     */
    static Optional<Duration> parse(Function<String, List<String>> header, Clock clock) {
        Optional<Duration> millis = first(header.apply("retry-after-ms")).flatMap(RetryAfter::parseMillis);
        if (millis.isPresent()) {
            return millis;
        }
        return first(header.apply("retry-after")).flatMap(value -> parseRetryAfter(value, clock));
    }

    private static Optional<String> first(List<String> values) {
        if (values == null) {
            return Optional.empty();
        }
        return values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).findFirst();
    }

    private static Optional<Duration> parseMillis(String value) {
        return parseNonNegative(value).map(ms -> Duration.ofNanos(Math.round(ms * 1_000_000d)));
    }

    private static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        Optional<Double> seconds = parseNonNegative(value);
        if (seconds.isPresent()) {
            return seconds.map(s -> Duration.ofNanos(Math.round(s * 1_000_000_000d)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(clock.instant(), at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> parseNonNegative(String value) {
        if (!DECIMAL.matcher(value).matches()) {
            return Optional.empty();
        }
        double d = Double.parseDouble(value);
        // bounded so that the conversion to nanoseconds cannot overflow
        return d <= 86_400_000d ? Optional.of(d) : Optional.empty();
    }
}
