package io.q2o.llm.internal.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds {@code Q2O_*} variables that no module of this project reads. Not API.
 *
 * <p>Design: a misspelt setting ({@code Q2O_LLM_DAILY_LIMT=50}) would otherwise leave the intended
 * value at its default without a word, which is found only when the bill arrives. The known names
 * are llm-core's catalog — every public static field of {@link Settings} that is a setting or a
 * {@code Q2O_} name, read once by reflection so a new setting cannot be forgotten here — plus the
 * names the other modules read, listed below because llm-core cannot see them. Each unknown name
 * gets one line naming it and, when one is within {@value #MAX_DISTANCE} edits, the known name it
 * most likely meant. Values are never part of the line (a misspelt key name may hold a secret).
 */
public final class UnknownSettings {
    /** Largest edit distance at which a known name is suggested. */
    static final int MAX_DISTANCE = 3;

    /** Whole names read by modules other than llm-core (coder-agent). */
    private static final List<String> READ_ELSEWHERE = List.of("Q2O_LLM_REPAIR_ATTEMPTS");
    /** Name families read by modules other than llm-core (llm-redis, llm-postgres). */
    private static final List<String> FAMILIES_ELSEWHERE = List.of("Q2O_LLM_REDIS_", "Q2O_LLM_LEDGER_");

    private static final Set<String> KNOWN = known();
    /** What a misspelling is compared with: the known names and the whole names read elsewhere. */
    private static final Set<String> CANDIDATES = candidates();

    private UnknownSettings() {
    }

    /**
     * @param names every variable name the sources set
     * @return one warning line per unknown {@code Q2O_} name, sorted by name; empty when all are known
     */
    public static List<String> find(Collection<String> names) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (!name.startsWith("Q2O_") || KNOWN.contains(name) || READ_ELSEWHERE.contains(name)
                    || FAMILIES_ELSEWHERE.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String nearest = nearest(name);
            lines.add(name + " is set but no Q2O module reads it"
                    + (nearest == null ? "" : "; did you mean " + nearest + "?"));
        }
        return lines;
    }

    private static String nearest(String name) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String k : CANDIDATES) {
            int d = distance(name, k, bestDistance);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static Set<String> candidates() {
        Set<String> all = new TreeSet<>(KNOWN);
        all.addAll(READ_ELSEWHERE);
        return Collections.unmodifiableSet(all);
    }

    /**
     * Levenshtein distance, stopping early once it exceeds {@code limit} (names are short and
     * few, so the plain two-row form is enough; no library is pulled in for it).
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        for (Field f : Settings.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object v;
            try {
                v = f.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Settings." + f.getName() + " is not readable", e);
            }
            String name = v instanceof Settings.Whole w ? w.name()
                    : v instanceof Settings.Fraction fr ? fr.name()
                    : v instanceof Settings.Span s ? s.name()
                    : v instanceof Settings.Money m ? m.name()
                    : v instanceof Settings.Flag fl ? fl.name()
                    : v instanceof String s2 ? s2 : null;
            if (name != null && name.startsWith("Q2O_")) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }
}
