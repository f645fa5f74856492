package io.q2o.agents.research;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a research answer honest: findings may cite only the sources that were given. A citation
 * of an unknown id is removed (and reported); a finding left without any valid citation is
 * dropped (and reported); a code example naming an unknown source loses the source. Citations of a
 * chunk ({@code id#3}) count as citations of their document. Stateless and thread-safe.
 */
final class CitationCheck {

    /** The checked findings and what was removed. */
    record Checked(ResearchFindings findings, List<String> droppedFindings, List<String> unknownCitations) {
    }

    private CitationCheck() {
    }

    static Checked check(ResearchFindings raw, Set<String> sourceIds) {
        List<ResearchFindings.KeyFinding> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (ResearchFindings.KeyFinding f : raw.keyFindings()) {
            if (f == null || f.finding() == null || f.finding().isBlank()) {
                continue;
            }
            Set<String> valid = new LinkedHashSet<>();
            for (String cited : f.sources()) {
                String id = normalise(cited);
                if (id != null && sourceIds.contains(id)) {
                    valid.add(id);
                } else {
                    unknown.add(String.valueOf(cited));
                }
            }
            if (valid.isEmpty()) {
                dropped.add(f.finding());
            } else {
                kept.add(new ResearchFindings.KeyFinding(f.finding().strip(), List.copyOf(valid)));
            }
        }
        List<ResearchFindings.CodeExample> examples = new ArrayList<>();
        for (ResearchFindings.CodeExample e : raw.codeExamples()) {
            if (e == null || e.code() == null || e.code().isBlank()) {
                continue;
            }
            String id = normalise(e.source());
            if (id != null && !sourceIds.contains(id)) {
                unknown.add(e.source());
                id = null;
            }
            examples.add(new ResearchFindings.CodeExample(e.title(), e.language(), e.code(), id));
        }
        double confidence = Double.isNaN(raw.confidence()) ? 0.0 : Math.max(0.0, Math.min(1.0, raw.confidence()));
        ResearchFindings findings = new ResearchFindings(kept, raw.recommendedLibraries().stream()
                .filter(l -> l != null && l.name() != null && !l.name().isBlank()).toList(),
                examples, raw.pitfalls().stream().filter(p -> p != null && !p.isBlank()).toList(), confidence);
        return new Checked(findings, dropped, List.copyOf(unknown));
    }

    private static String normalise(String cited) {
        if (cited == null || cited.isBlank()) {
            return null;
        }
        String id = cited.strip();
        int hash = id.lastIndexOf('#');
        if (hash > 0 && id.substring(hash + 1).chars().allMatch(Character::isDigit) && hash < id.length() - 1) {
            id = id.substring(0, hash);
        }
        return id;
    }
}
