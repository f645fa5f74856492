package io.q2o.coder.validation;

import java.util.Objects;

/**
 * One part of the quality score.
 *
 * @param name       the measure: {@code type_hints}, {@code docstrings}, {@code error_handling} or {@code logging}
 * @param weight     its maximum points when applicable
 * @param applicable whether it applies to this code (e.g. type hints do not apply to JavaScript);
 *                   inapplicable measures are left out of the score
 * @param ratio      how well the code meets it, 0.0 to 1.0 (1.0 when not applicable)
 * @param detail     what was counted, e.g. {@code "7 of 8 parameters and returns annotated"}
 */
public record QualityMeasure(String name, int weight, boolean applicable, double ratio, String detail) {
    /** Validates the components. */
    public QualityMeasure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (weight < 0 || ratio < 0.0 || ratio > 1.0 || Double.isNaN(ratio)) {
            throw new IllegalArgumentException("weight >= 0 and ratio in [0, 1] required: " + weight + ", " + ratio);
        }
    }

    /** @return the points earned, {@code weight × ratio}, 0 when not applicable */
    public double points() {
        return applicable ? weight * ratio : 0.0;
    }
}
