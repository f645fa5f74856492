package io.q2o.llm;

import java.util.Objects;

/**
 * An opaque value one provider attached to the model's turn and needs back, unchanged, when the
 * conversation continues on the same provider: Gemini's {@code thoughtSignature}, Anthropic's
 * {@code thinking} blocks with their signature. Adapters only ever read the extras named after
 * their own provider and drop all others, so a conversation that falls back to another provider
 * never carries them there.
 *
 * @param provider the provider that produced the value, e.g. {@code "gemini"}
 * @param name     what the value is, e.g. {@code "thoughtSignature"}; meaning is the adapter's
 * @param value    the value, as the adapter encoded it (Base64, JSON…)
 */
public record ProviderExtra(String provider, String name, String value) {
    /** Validates the components. */
    public ProviderExtra {
        Objects.requireNonNull(provider, "provider extra provider");
        Objects.requireNonNull(name, "provider extra name");
        Objects.requireNonNull(value, "provider extra value");
        if (provider.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("provider extra needs a provider and a name");
        }
    }

    /**
     * @param provider the provider asking
     * @return whether this value belongs to {@code provider}
     */
    public boolean isFor(String provider) {
        return this.provider.equals(provider);
    }

    /** @return a summary without the value */
    @Override
    public String toString() {
        return "ProviderExtra{" + provider + "/" + name + ", chars=" + value.length() + "}";
    }
}
