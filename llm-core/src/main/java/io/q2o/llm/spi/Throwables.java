package io.q2o.llm.spi;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers adapters share when classifying SDK exceptions. Stateless. */
public final class Throwables {
    private Throwables() {
    }

    /**
     * @param t a throwable, may be {@code null}
     * @return {@code t} without its {@link CompletionException} / {@link ExecutionException} wrappers
     */
    public static Throwable unwrapAsync(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null
                && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * Searches {@code t} and its causes, stopping on loops.
     *
     * @param t    a throwable, may be {@code null}
     * @param type the type looked for
     * @param <T>  the type
     * @return the first throwable of that type in the chain
     */
    public static <T extends Throwable> Optional<T> findCause(Throwable t, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }

    /**
     * @param t a throwable, not {@code null}
     * @return the last throwable of its cause chain, stopping on loops
     */
    public static Throwable rootCause(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = t;
        seen.add(root);
        while (root.getCause() != null && seen.add(root.getCause())) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * Whether any throwable in the chain matches, stopping on loops.
     *
     * @param t     a throwable, may be {@code null}
     * @param check the test
     * @return whether one matched
     */
    public static boolean anyCause(Throwable t, java.util.function.Predicate<Throwable> check) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (check.test(c)) {
                return true;
            }
        }
        return false;
    }
}
