package io.q2o.demo.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block in docs/*.md, README.md and llm-testing/README.md is a verbatim copy of a
 * region of {@link UsageGuideExamples} or of llm-testing's {@code ReadmeExamples} (both compiled
 * by the build), marked {@code <!-- snippet: NAME -->}; no Java block is unchecked.
 */
class DocSnippetsTest {
    static final List<Path> EXAMPLES = List.of(Path.of("src/test/java/io/q2o/demo/docs/UsageGuideExamples.java"),
            Path.of("src/test/java/io/q2o/demo/docs/ChatExamples.java"),
            Path.of("../llm-testing/src/test/java/io/q2o/llm/testing/ReadmeExamples.java"));
    static final Path DOCS = Path.of("../docs");

    private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// \\[([a-z-]+)\\]\\n(.*?)^[ \\t]*// \\[/\\1\\]", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?:<!-- snippet: ([a-z-]+) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

    static Map<String, String> regions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : EXAMPLES) {
            Matcher m = REGION.matcher(Files.readString(file));
            while (m.find()) {
                assertThat(out.put(m.group(1), dedent(m.group(2)))).as("region " + m.group(1) + " defined twice").isNull();
            }
        }
        return out;
    }

    static String dedent(String block) {
        List<String> lines = block.lines().collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }

    @Test
    void everyJavaBlockInTheDocsIsACompiledExampleRegion() throws IOException {
        Map<String, String> regions = regions();
        assertThat(regions).hasSizeGreaterThanOrEqualTo(18);
        Set<String> used = new HashSet<>();
        List<Path> docs;
        try (Stream<Path> s = Files.list(DOCS)) {
            docs = s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
        docs.add(Path.of("../README.md"));
        docs.add(Path.of("../llm-testing/README.md"));
        assertThat(docs).isNotEmpty();
        for (Path doc : docs) {
            Matcher m = JAVA_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                String name = m.group(1);
                assertThat(name).as(doc + ": a ```java block without a <!-- snippet: NAME --> marker:\n" + m.group(2))
                        .isNotNull();
                assertThat(regions).as(doc + " names snippet " + name).containsKey(name);
                assertThat(m.group(2).strip()).as(doc + " snippet " + name + " differs from UsageGuideExamples")
                        .isEqualTo(regions.get(name));
                used.add(name);
            }
        }
        assertThat(used).as("every example region is shown in a doc").containsAll(regions.keySet());
    }
}
