package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against the corpus in {@code src/test/resources/corpus}: real-world-style valid
 * files (nothing flagged), files with one syntax error each (caught on the line in the file name,
 * the line CPython 3.11 reports), dangerous snippets (flagged with the rule in their header) and
 * benign look-alikes (nothing flagged).
 */
class PythonCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus");
    private static final Pattern EXPECTED_LINE = Pattern.compile("_line(\\d+)\\.py$");
    private static final Pattern EXPECTED_RULE = Pattern.compile("^# expected-rule: (\\S+)");

    private final PythonValidator validator = new PythonValidator();

    private static List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(CORPUS.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    private ValidationReport validate(Path file) throws IOException {
        return validator.validate(Files.readString(file, StandardCharsets.UTF_8), Language.PYTHON);
    }

    private static List<Finding> flags(ValidationReport r) {
        return r.findings().stream()
                .filter(f -> f.category() == Category.SYNTAX || f.category() == Category.SECURITY)
                .toList();
    }

    @Test
    void corpus() throws IOException {
        List<String> problems = new ArrayList<>();

        List<Path> valid = files("valid");
        int validClean = 0;
        for (Path f : valid) {
            ValidationReport r = validate(f);
            if (r.passed() && flags(r).isEmpty()) {
                validClean++;
            } else {
                problems.add("valid file flagged: " + f.getFileName() + " " + flags(r));
            }
        }

        List<Path> broken = files("syntax_errors");
        int caught = 0;
        int rightLine = 0;
        for (Path f : broken) {
            Matcher m = EXPECTED_LINE.matcher(f.getFileName().toString());
            assertThat(m.find()).as("expected line in the name of %s", f).isTrue();
            int expected = Integer.parseInt(m.group(1));
            ValidationReport r = validate(f);
            List<Finding> syntax = r.findings(Category.SYNTAX).stream().filter(x -> x.severity() == Severity.ERROR).toList();
            if (syntax.isEmpty()) {
                problems.add("syntax error not caught: " + f.getFileName());
                continue;
            }
            caught++;
            if (syntax.get(0).line() == expected) {
                rightLine++;
            } else {
                problems.add("wrong line for " + f.getFileName() + ": " + syntax);
            }
        }

        List<Path> dangerous = files("dangerous");
        int flagged = 0;
        for (Path f : dangerous) {
            String code = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = EXPECTED_RULE.matcher(code);
            assertThat(m.find()).as("expected rule in the header of %s", f).isTrue();
            ValidationReport r = validator.validate(code, Language.PYTHON);
            boolean hit = r.findings().stream().anyMatch(x -> x.category() == Category.SECURITY
                    && x.severity() == Severity.ERROR && x.ruleId().equals(m.group(1)));
            if (hit && !r.passed() && r.syntaxValid()) {
                flagged++;
            } else {
                problems.add("dangerous file not flagged with " + m.group(1) + ": " + f.getFileName() + " " + r.findings());
            }
        }

        List<Path> benign = files("benign");
        int benignClean = 0;
        for (Path f : benign) {
            ValidationReport r = validate(f);
            if (r.passed() && flags(r).isEmpty()) {
                benignClean++;
            } else {
                problems.add("benign file flagged: " + f.getFileName() + " " + flags(r));
            }
        }

        System.out.printf("Python corpus: valid %d/%d clean; syntax errors %d/%d caught, %d/%d on the right line; "
                        + "dangerous %d/%d flagged; benign look-alikes %d/%d clean%n",
                validClean, valid.size(), caught, broken.size(), rightLine, broken.size(),
                flagged, dangerous.size(), benignClean, benign.size());
        assertThat(problems).isEmpty();
        assertThat(valid).hasSizeGreaterThanOrEqualTo(30);
        assertThat(broken).hasSizeGreaterThanOrEqualTo(30);
        assertThat(dangerous).hasSizeGreaterThanOrEqualTo(20);
        assertThat(benign).hasSizeGreaterThanOrEqualTo(20);
    }
}
