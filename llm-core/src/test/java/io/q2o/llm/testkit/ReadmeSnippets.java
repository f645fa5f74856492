package io.q2o.llm.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a module's README shows a compiled example verbatim: the Java block after
 * {@code <!-- snippet: NAME -->} in the README equals the region between {@code // [NAME]} and
 * {@code // [/NAME]} in a test source (indentation removed).
 */
public final class ReadmeSnippets {
    private static final Pattern ANY_BLOCK = Pattern.compile("```java\\n");

    private ReadmeSnippets() {
    }

    /**
     * @param readme the README
     * @param source the test source holding the region
     * @param name   the snippet's name
     * @param onlyBlock whether the README must have no other Java block
     * @throws IOException if a file cannot be read
     */
    public static void assertShown(Path readme, Path source, String name, boolean onlyBlock) throws IOException {
        String q = Pattern.quote(name);
        Matcher region = Pattern.compile("(?m)^[ \\t]*// \\[" + q + "\\]\\n(.*?)^[ \\t]*// \\[/" + q + "\\]",
                Pattern.DOTALL).matcher(Files.readString(source));
        String text = Files.readString(readme);
        Matcher block = Pattern.compile("<!-- snippet: " + q + " -->\\n```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(region.find()).as("%s has a // [%s] region", source, name).isTrue();
        assertThat(block.find()).as("%s marks its example <!-- snippet: %s -->", readme, name).isTrue();
        assertThat(block.group(1).strip()).isEqualTo(dedent(region.group(1)));
        if (onlyBlock) {
            assertThat(ANY_BLOCK.matcher(text).results().count()).as("every Java block of %s is checked", readme).isEqualTo(1);
        }
    }

    /** @return {@code block} without the indentation its lines share */
    public static String dedent(String block) {
        int indent = block.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return block.lines().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
