package io.q2o.agents.qa;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Matches each requirement of a task to evidence in the code, or reports it missing.
 *
 * <p>{@link #verify} checks a reviewer model's claims: a requirement counts as met only if the
 * model said so AND quoted evidence that really occurs in the code (compared with white space
 * collapsed) — a claim without evidence, or with evidence the code does not contain, is reported
 * missing with the reason. A requirement the model did not address is missing.
 *
 * <p>{@link #byKeywords} needs no model: a requirement is met when at least
 * {@value #KEYWORD_SHARE_PERCENT}% of its significant words (4+ letters, not common words;
 * compared on their first 5 letters, so "verify" matches "verification") occur in the code's
 * identifiers and string literals. Comments and docstrings do not count: a requirement restated
 * in a comment is not evidence that the code meets it. The evidence is the first line holding the
 * most of the words.
 * Stateless and thread-safe.
 */
public final class RequirementCoverage {
    /** Share of a requirement's significant words the code must contain, in percent. */
    public static final int KEYWORD_SHARE_PERCENT = 60;

    private static final Set<String> STOP = Set.of("with", "that", "this", "from", "into", "each", "every", "must",
            "should", "when", "then", "than", "have", "has", "will", "only", "also", "using", "used", "uses", "such",
            "they", "them", "their", "there", "which", "while", "where", "what", "return", "returns", "handle",
            "handles", "code", "file", "make", "sure", "support", "supports");

    private RequirementCoverage() {
    }

    /**
     * @param code         the reviewed code
     * @param requirements the task's requirements
     * @param claims       the reviewer model's checks
     * @return one item per requirement, in order
     */
    public static List<CoverageItem> verify(String code, List<String> requirements, List<ReviewAnswer.Check> claims) {
        String flat = collapse(code);
        List<CoverageItem> out = new ArrayList<>();
        for (String req : requirements) {
            ReviewAnswer.Check claim = find(req, claims);
            if (claim == null) {
                out.add(new CoverageItem(req, false, "", "the review did not address this requirement"));
            } else if (!claim.met()) {
                out.add(new CoverageItem(req, false, "", "the reviewer found no code for it"));
            } else {
                String ev = claim.evidence() == null ? "" : claim.evidence().strip();
                if (ev.isEmpty()) {
                    out.add(new CoverageItem(req, false, "", "claimed met without quoting evidence"));
                } else if (!flat.contains(collapse(ev))) {
                    out.add(new CoverageItem(req, false, "", "the quoted evidence is not in the code: " + firstLine(ev)));
                } else {
                    out.add(new CoverageItem(req, true, ev, ""));
                }
            }
        }
        return out;
    }

    /**
     * @param code         the code
     * @param requirements the requirements
     * @return one item per requirement, decided by significant words (see the class comment)
     */
    public static List<CoverageItem> byKeywords(String code, List<String> requirements) {
        return byKeywords(code, Language.TEXT, requirements);
    }

    /**
     * @param code         the code
     * @param language     its language (decides what is a comment or docstring)
     * @param requirements the requirements
     * @return one item per requirement, decided by significant words outside comments and docstrings
     */
    public static List<CoverageItem> byKeywords(String code, Language language, List<String> requirements) {
        code = withoutComments(code, language);
        List<String> lines = code.lines().filter(l -> !l.isBlank()).toList();
        Set<String> codeWords = stems(code);
        List<CoverageItem> out = new ArrayList<>();
        for (String req : requirements) {
            Set<String> words = stems(req);
            if (words.isEmpty()) {
                out.add(new CoverageItem(req, false, "", "the requirement has no significant words to look for"));
                continue;
            }
            List<String> found = words.stream().filter(codeWords::contains).toList();
            boolean met = found.size() * 100 >= words.size() * KEYWORD_SHARE_PERCENT;
            if (met) {
                String best = "";
                int bestHits = 0;
                for (String l : lines) {
                    Set<String> lw = stems(l);
                    int hits = (int) found.stream().filter(lw::contains).count();
                    if (hits > bestHits) {
                        bestHits = hits;
                        best = l.strip();
                    }
                }
                out.add(new CoverageItem(req, true, best, ""));
            } else {
                List<String> missing = words.stream().filter(w -> !codeWords.contains(w)).toList();
                out.add(new CoverageItem(req, false, "", "no code mentions " + String.join(", ", missing)));
            }
        }
        return out;
    }

    /** The code with comments (and, for Python, triple-quoted strings: docstrings) blanked out. */
    static String withoutComments(String code, Language language) {
        switch (language) {
            case PYTHON:
                return code.replaceAll("(?s)\"\"\".*?\"\"\"|'''.*?'''", "\"\"").replaceAll("(?m)(^|\\s)#.*$", "$1");
            case JAVA:
            case JAVASCRIPT:
            case TYPESCRIPT:
            case TSX:
            case CSS:
                return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(^|\\s)//.*$", "$1");
            case SQL:
                return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", "");
            case YAML:
                return code.replaceAll("(?m)(^|\\s)#.*$", "$1");
            default:
                return code;
        }
    }

    private static ReviewAnswer.Check find(String req, List<ReviewAnswer.Check> claims) {
        String n = norm(req);
        for (ReviewAnswer.Check c : claims) {
            if (c.requirement() != null && norm(c.requirement()).equals(n)) {
                return c;
            }
        }
        Set<String> words = stems(req);
        ReviewAnswer.Check best = null;
        double bestShare = 0.5;
        for (ReviewAnswer.Check c : claims) {
            if (c.requirement() == null || words.isEmpty()) {
                continue;
            }
            Set<String> cw = stems(c.requirement());
            double share = words.stream().filter(cw::contains).count() / (double) words.size();
            if (share > bestShare) {
                bestShare = share;
                best = c;
            }
        }
        return best;
    }

    /** Significant words, split on non-letters and camel case, lower-cased, cut to 5 letters. */
    static Set<String> stems(String text) {
        Set<String> out = new HashSet<>();
        String split = text.replaceAll("([a-z])([A-Z])", "$1 $2");
        for (String w : split.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (w.length() >= 4 && !STOP.contains(w)) {
                out.add(w.length() > 5 ? w.substring(0, 5) : w);
            }
        }
        return out;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String firstLine(String s) {
        String l = s.lines().findFirst().orElse("");
        return l.length() > 120 ? l.substring(0, 120) + "…" : l;
    }
}
