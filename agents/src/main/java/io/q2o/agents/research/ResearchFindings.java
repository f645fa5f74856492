package io.q2o.agents.research;

import java.util.List;

/**
 * The researcher's answer, as the model fills it in (structured output) and as the caller gets it
 * after citation checks.
 *
 * @param keyFindings          findings, each citing the ids of the sources it comes from
 * @param recommendedLibraries libraries or APIs to use, with versions
 * @param codeExamples         short code examples
 * @param pitfalls             mistakes to avoid
 * @param confidence           the model's confidence, 0.0 to 1.0
 */
public record ResearchFindings(List<KeyFinding> keyFindings, List<LibraryRecommendation> recommendedLibraries,
                               List<CodeExample> codeExamples, List<String> pitfalls, double confidence) {
    /** Copies the lists (a missing list becomes empty). */
    public ResearchFindings {
        keyFindings = keyFindings == null ? List.of() : List.copyOf(keyFindings);
        recommendedLibraries = recommendedLibraries == null ? List.of() : List.copyOf(recommendedLibraries);
        codeExamples = codeExamples == null ? List.of() : List.copyOf(codeExamples);
        pitfalls = pitfalls == null ? List.of() : List.copyOf(pitfalls);
    }

    /**
     * One finding.
     *
     * @param finding the statement
     * @param sources ids of the source documents it rests on (at least one)
     */
    public record KeyFinding(String finding, List<String> sources) {
        /** Copies the list. */
        public KeyFinding {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /**
     * A library or API to use.
     *
     * @param name    e.g. {@code "stripe"}
     * @param version e.g. {@code ">=7.0"}
     * @param purpose what it is for
     */
    public record LibraryRecommendation(String name, String version, String purpose) {
    }

    /**
     * A code example.
     *
     * @param title    what it shows
     * @param language its language, e.g. {@code "python"}
     * @param code     the code
     * @param source   the id of the source it comes from
     */
    public record CodeExample(String title, String language, String code, String source) {
    }
}
