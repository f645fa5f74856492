package io.q2o.llm.internal;

import io.q2o.llm.Secret;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Removes API keys from text before it is logged. Thread-safe. */
public final class Redactor {
    private static final Pattern KEY_SHAPES = Pattern.compile(
            "(sk-ant-[A-Za-z0-9_\\-]{8,}|sk-(?:proj-)?[A-Za-z0-9_\\-]{16,}|AIza[0-9A-Za-z_\\-]{20,}|AKIA[0-9A-Z]{16}"
                    + "|(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,})");

    private final List<String> secrets;

    /** @param secrets the configured secrets, replaced wherever they appear */
    public Redactor(Collection<Secret> secrets) {
        this.secrets = secrets.stream().map(Secret::reveal).filter(s -> s.length() >= 4).toList();
    }

    /**
     * @param text any text
     * @return the text with configured secrets and key-shaped strings replaced by {@code ****}
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "****");
        }
        return KEY_SHAPES.matcher(out).replaceAll("****");
    }
}
