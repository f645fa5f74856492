package io.q2o.coder;

import java.util.Locale;

/** How demanding a component is; {@link #HIGH} and {@link #VERY_HIGH} count as complex for the strategy choice. */
public enum Complexity {
    /** Boilerplate. */
    LOW,
    /** Ordinary work; the default. */
    MEDIUM,
    /** Complex requirements: a template is enhanced by the LLM (hybrid). */
    HIGH,
    /** Very complex requirements: a template is enhanced by the LLM (hybrid). */
    VERY_HIGH;

    /** @return whether this is {@link #HIGH} or {@link #VERY_HIGH} (the plan's {@code is_complex}) */
    public boolean isComplex() {
        return this == HIGH || this == VERY_HIGH;
    }

    /**
     * @param name {@code low}, {@code medium}, {@code high} or {@code very_high} (also {@code very-high}),
     *             case-insensitive
     * @return the complexity
     * @throws IllegalArgumentException for an unknown name
     */
    public static Complexity fromName(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown complexity '" + name
                    + "': expected low, medium, high or very_high", e);
        }
    }
}
