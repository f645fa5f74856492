package io.q2o.agents.research;

import io.q2o.agents.AgentUsage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one research run.
 *
 * @param question         the question or task researched
 * @param findings         the checked findings (every finding cites only given sources), or
 *                         {@code null} when the run failed
 * @param sourceIds        the ids of the sources given
 * @param droppedFindings  findings the model gave without a valid citation (not in {@code findings})
 * @param unknownCitations source ids the model cited that were not given
 * @param summarised       whether sources were summarised chunk by chunk to fit the token budget
 * @param usage            the LLM calls made
 * @param error            why the run failed, or {@code null}
 */
public record ResearchResult(String question, ResearchFindings findings, List<String> sourceIds,
                             List<String> droppedFindings, List<String> unknownCitations, boolean summarised,
                             AgentUsage usage, String error) {
    /** Copies the lists. */
    public ResearchResult {
        Objects.requireNonNull(question, "question");
        sourceIds = List.copyOf(sourceIds);
        droppedFindings = List.copyOf(droppedFindings);
        unknownCitations = List.copyOf(unknownCitations);
        Objects.requireNonNull(usage, "usage");
    }

    /** @return whether findings were produced */
    public boolean success() {
        return findings != null && error == null;
    }

    /** @return the failure reason, if the run failed */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }

    /**
     * The findings as the CoderAgent's {@code research_context} (the plan's
     * {@code generate_code(..., research_context)}): keys {@code key_findings} (each with
     * {@code finding} and {@code sources}), {@code recommended_libraries}, {@code code_examples},
     * {@code pitfalls} and {@code confidence}; empty when the run failed.
     *
     * @return the map, in a stable order
     */
    public Map<String, Object> toResearchContext() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!success()) {
            return m;
        }
        m.put("key_findings", findings.keyFindings().stream()
                .map(f -> Map.of("finding", f.finding(), "sources", f.sources())).toList());
        m.put("recommended_libraries", findings.recommendedLibraries().stream()
                .map(l -> Map.of("name", l.name(), "version", String.valueOf(l.version()), "purpose", String.valueOf(l.purpose())))
                .toList());
        m.put("code_examples", findings.codeExamples().stream()
                .map(e -> Map.of("title", String.valueOf(e.title()), "language", String.valueOf(e.language()), "code", e.code(),
                        "source", e.source() == null ? "" : e.source()))
                .toList());
        m.put("pitfalls", findings.pitfalls());
        m.put("confidence", findings.confidence());
        return m;
    }
}
