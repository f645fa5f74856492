package io.q2o.llm.opentelemetry;

import io.q2o.llm.spi.LlmProviderFactory;

import java.util.Locale;
import java.util.Map;

/**
 * The library's provider names and their {@code gen_ai.provider.name} spelling, taken from the
 * provider factories ({@link LlmProviderFactory#telemetryName()}), so a provider module, not this
 * one, decides how it is named in telemetry. A provider without a factory keeps its own name.
 * Immutable and thread-safe.
 */
final class ProviderNames {

    private final Map<String, String> names;

    ProviderNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /**
     * Adds a factory's mapping to {@code into} unless the provider already has one.
     *
     * @throws IllegalArgumentException naming the factory if its names are blank
     */
    static void add(Map<String, String> into, LlmProviderFactory factory) {
        String name = factory.name();
        String telemetry = factory.telemetryName();
        if (name == null || name.isBlank() || telemetry == null || telemetry.isBlank()) {
            throw new IllegalArgumentException("provider factory " + factory.getClass().getName()
                    + " has a blank name() or telemetryName(): '" + name + "' / '" + telemetry + "'");
        }
        into.putIfAbsent(name.toLowerCase(Locale.ROOT), telemetry);
    }

    /** @return the telemetry name of {@code provider}, or {@code null} for {@code null} */
    String of(String provider) {
        if (provider == null) {
            return null;
        }
        return names.getOrDefault(provider.toLowerCase(Locale.ROOT), provider);
    }

    Map<String, String> asMap() {
        return names;
    }
}
