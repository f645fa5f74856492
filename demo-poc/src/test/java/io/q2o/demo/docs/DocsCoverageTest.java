package io.q2o.demo.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.q2o.llm.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration and error documentation covers what the code reads and reports. */
class DocsCoverageTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern Q2O = Pattern.compile("\"(Q2O_[A-Z0-9_]*[A-Z0-9])\"");
    private static final Pattern VARIABLE_CONSTANT = Pattern.compile("_VARIABLE\\s*=\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final List<String> PROVIDERS = List.of("GEMINI", "OPENAI", "ANTHROPIC");
    private static final List<String> PER_PROVIDER = List.of("_MODEL", "_TEMPERATURE", "_BASE_URL", "_RPM", "_TPM",
            "_MAX_CONCURRENT_REQUESTS");

    /** @return every variable read by llm-core's configuration, the provider adapters, the coder agent and llm-redis */
    static Set<String> variablesRead() throws IOException {
        Set<String> vars = new TreeSet<>();
        for (String file : List.of("LlmConfig.java", "internal/config/Settings.java")) {
            Matcher m = Q2O.matcher(Files.readString(ROOT.resolve("llm-core/src/main/java/io/q2o/llm/").resolve(file)));
            while (m.find()) {
                vars.add(m.group(1));
            }
        }
        for (String module : List.of("llm-providers/llm-openai", "llm-providers/llm-gemini",
                "llm-providers/llm-anthropic", "coder-agent", "llm-redis", "llm-postgres")) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    String src = Files.readString(f);
                    Matcher v = VARIABLE_CONSTANT.matcher(src);
                    while (v.find()) {
                        vars.add(v.group(1));
                    }
                    Matcher q = Q2O.matcher(src);
                    while (q.find()) {
                        vars.add(q.group(1));
                    }
                }
            }
        }
        for (String p : PROVIDERS) {
            for (String suffix : PER_PROVIDER) {
                vars.add(p + suffix);
            }
        }
        return vars;
    }

    @Test
    void envExampleDocumentsEveryVariableWithACommentAndItsDefault() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(".env.example"));
        Set<String> vars = variablesRead();
        assertThat(vars).contains("Q2O_USE_LLM", "Q2O_LLM_DAILY_LIMIT", "GOOGLE_API_KEY", "OPENAI_MAX_TOKENS_FIELD",
                "GEMINI_API_VERSION", "Q2O_LLM_REPAIR_ATTEMPTS");
        for (String var : vars) {
            int i = -1;
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).matches("^(# )?" + var + "=.*")) {
                    i = n;
                    break;
                }
            }
            assertThat(i).as(var + " is read by the library but missing from .env.example").isPositive();
            // the explanation is the comment line just above the variable or its group
            int c = i - 1;
            while (c >= 0 && lines.get(c).matches("^# [A-Z][A-Z0-9_]*=.*")) {
                c--;
            }
            assertThat(lines.get(c)).as("comment above " + var).startsWith("# ").containsIgnoringCase("default");
        }
    }

    @Test
    void troubleshootingExplainsEveryErrorKind() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/LLM_TROUBLESHOOTING.md"));
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(doc).as("docs/LLM_TROUBLESHOOTING.md has a section for " + k).contains("### `" + k + "`");
        }
    }

    @Test
    void setupGuideDocumentsEveryFieldOfTheConfigFile() throws IOException {
        JsonNode config = new ObjectMapper().readTree(ROOT.resolve("config/llm_config.json").toFile());
        Set<String> fields = new TreeSet<>();
        config.fieldNames().forEachRemaining(fields::add);
        config.path("providers").forEach(p -> p.fieldNames().forEachRemaining(fields::add));
        config.path("models").forEach(m -> {
            m.fieldNames().forEachRemaining(fields::add);
            m.path("tiers").forEach(t -> t.fieldNames().forEachRemaining(fields::add));
        });
        String doc = Files.readString(ROOT.resolve("docs/LLM_SETUP_GUIDE.md"));
        for (String f : fields) {
            assertThat(doc).as("docs/LLM_SETUP_GUIDE.md documents config field " + f).contains("`" + f + "`");
        }
    }

    @Test
    void everyLocalLinkInTheReadmeAndDocsResolves() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");
        List<Path> pages;
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            pages = s.filter(p -> p.toString().endsWith(".md")).collect(Collectors.toList());
        }
        pages.add(ROOT.resolve("README.md"));
        pages.add(ROOT.resolve("llm-testing/README.md"));
        for (Path page : pages) {
            Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                Path target = page.getParent().resolve(m.group(1)).normalize();
                assertThat(target).as(page + " links to " + m.group(1)).exists();
            }
        }
    }
}
