package io.q2o.demo.docs;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
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
 * region of {@link UsageGuideExamples} or of llm-testing's {@code ReadmeExamples}, marked
 * {@code <!-- snippet: NAME -->}; no Java block is unchecked. And every region compiles <em>on its
 * own</em> — with its file's imports and only the parameters of the method around it (the inputs a
 * reader supplies, such as {@code llm} or {@code config}) — so a block never uses a variable the
 * reader cannot see (declared outside the region).
 */
class DocSnippetsTest {
    static final List<Path> EXAMPLES = List.of(Path.of("src/test/java/io/q2o/demo/docs/UsageGuideExamples.java"),
            Path.of("src/test/java/io/q2o/demo/docs/ChatExamples.java"),
            Path.of("src/test/java/io/q2o/demo/docs/McpExamples.java"),
            Path.of("src/test/java/io/q2o/demo/docs/AgentExamples.java"),
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

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?[\\w.*]+;");
    private static final Pattern METHOD = Pattern.compile("(?m)^[ \\t]+(?:(?:public|private|protected|static|final)\\s+)*"
            + "[\\w<>\\[\\],. ?]+\\s+\\w+\\(([^)]*)\\)\\s*(?:throws [\\w., ]+)?\\{");

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, DocSnippetsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Test
    void everyExampleRegionCompilesOnItsOwn(@org.junit.jupiter.api.io.TempDir Path out) throws IOException {
        List<JavaFileObject> units = new ArrayList<>();
        for (Path file : EXAMPLES) {
            String text = Files.readString(file);
            Matcher pkg = PACKAGE.matcher(text);
            assertThat(pkg.find()).as(file + " has a package").isTrue();
            StringBuilder imports = new StringBuilder();
            // the example file's own nested types and static helpers (records and tools an example declares
            // beside its methods, shown in the guide), when that class is on this test's class path
            String owner = pkg.group(1) + "." + file.getFileName().toString().replaceFirst("\\.java$", "");
            if (onClassPath(owner)) {
                imports.append("import ").append(owner).append(".*;\nimport static ").append(owner).append(".*;\n");
            }
            Matcher im = IMPORT.matcher(text);
            while (im.find()) {
                imports.append(im.group()).append('\n');
            }
            Matcher m = REGION.matcher(text);
            while (m.find()) {
                String params = "";
                Matcher method = METHOD.matcher(text.substring(0, m.start()));
                while (method.find()) {
                    params = method.group(1);
                }
                String name = "Snippet_" + m.group(1).replace('-', '_');
                String source = "package " + pkg.group(1) + ";\n" + imports
                        // "if (true)": a region may end in a return (or not) and the line after stays reachable
                        + "final class " + name + " {\n    static Object run(" + params + ") throws Exception {\n"
                        + "        if (true) {\n" + m.group(2) + "\n        }\n        return null;\n    }\n}\n";
                units.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                });
            }
        }
        assertThat(units).hasSizeGreaterThanOrEqualTo(18);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, problems, List.of("-proc:none", "-d", out.toString(),
                "-classpath", classPath()), null, units).call();
        List<String> errors = problems.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + ": " + d.getMessage(null)).toList();
        assertThat(errors).as("example regions that do not compile on their own").isEmpty();
        assertThat(ok).isTrue();
    }

    /** @return the test class path, with the entries of a manifest-only jar (as surefire uses) spelled out */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String url : cp.trim().split("\\s+")) {
                            URI uri = Path.of(entry).toUri().resolve(url);
                            entries.add(Path.of(uri).toString());
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
