package io.q2o.coder.validation;

import java.util.List;
import java.util.Locale;

/**
 * A 0–100 quality score and its breakdown. The score is the points earned over the weights of
 * the applicable measures, scaled to 100 and rounded; with no applicable measure it is 100.
 *
 * <p>Default weights (Python): type hints 30, docstrings 25, error handling 25, logging 20.
 *
 * @param score    0 to 100
 * @param measures the breakdown
 */
public record QualityScore(int score, List<QualityMeasure> measures) {
    /** Validates and copies the components. */
    public QualityScore {
        measures = List.copyOf(measures);
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be in [0, 100]: " + score);
        }
    }

    /**
     * @param measures the measures
     * @return the score computed from them
     */
    public static QualityScore of(List<QualityMeasure> measures) {
        double points = 0;
        int weights = 0;
        for (QualityMeasure m : measures) {
            if (m.applicable()) {
                points += m.points();
                weights += m.weight();
            }
        }
        int score = weights == 0 ? 100 : (int) Math.round(points * 100.0 / weights);
        return new QualityScore(Math.max(0, Math.min(100, score)), measures);
    }

    /** @return a score of 100 with no measures (for data formats) */
    public static QualityScore notApplicable() {
        return new QualityScore(100, List.of());
    }

    /** @return e.g. {@code 82/100 (type_hints 30/30, docstrings 12.5/25, …)} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(score).append("/100");
        String sep = " (";
        for (QualityMeasure m : measures) {
            if (m.applicable()) {
                sb.append(sep).append(m.name()).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f", m.points())).append('/').append(m.weight());
                sep = ", ";
            }
        }
        return sep.equals(", ") ? sb.append(')').toString() : sb.toString();
    }
}
