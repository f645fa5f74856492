package io.q2o.demo;

import io.q2o.llm.Tool;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two small tools of the {@code agent} command: a weather station that knows the current
 * temperature of a few cities (fixed demo readings, so offline runs are reproducible), and a
 * calculator for the difference of two temperatures. Thread-safe (immutable).
 */
final class AgentTools {
    /** The demo readings in °C. */
    static final Map<String, Double> READINGS;

    static {
        Map<String, Double> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        m.put("Oslo", 4.0);
        m.put("Rome", 18.5);
        m.put("Berlin", 9.0);
        m.put("Madrid", 21.0);
        m.put("London", 11.5);
        m.put("New York", 7.0);
        READINGS = java.util.Collections.unmodifiableMap(m);
    }

    /** Arguments of {@code current_temperature}. @param city the city name */
    record CityQuery(String city) {
    }

    /** Result of {@code current_temperature}. @param city the city @param celsius the reading */
    record Reading(String city, double celsius) {
    }

    /** Arguments of {@code difference}. @param a the first value @param b the value subtracted from it */
    record Difference(double a, double b) {
    }

    private AgentTools() {
    }

    /** @return the weather-station tool; an unknown city is an error the model reads */
    static Tool weather() {
        return Tool.of("current_temperature", "Current air temperature of a city in degrees Celsius. Known cities: "
                + String.join(", ", READINGS.keySet()), CityQuery.class, q -> {
                    Double c = READINGS.get(q.city().strip());
                    if (c == null) {
                        throw new IllegalArgumentException("no weather station in '" + q.city() + "'");
                    }
                    return new Reading(q.city().strip(), c);
                });
    }

    /** @return the calculator tool: a - b, rounded to one decimal */
    static Tool difference() {
        return Tool.of("difference", "Computes a - b (for example a temperature difference)", Difference.class,
                d -> String.format(Locale.ROOT, "%.1f", d.a() - d.b()));
    }
}
