package io.q2o.llm.internal;

import java.util.List;
import java.util.Locale;

/**
 * The quality bullet points of the code-generation system prompt, per language: what "typed",
 * "documented", "error handling" and "input validation" mean in that language's own terms, so a
 * Java or TypeScript request is not asked for mypy and Pydantic. Unknown languages get neutral wording.
 */
public final class CodeGuidelines {
    private CodeGuidelines() {
    }

    /**
     * @param language the programming language as the caller names it, e.g. {@code "python"}, {@code "Java"}
     * @return the bullet points (without the leading dash), in order
     */
    public static List<String> forLanguage(String language) {
        String l = language.strip().toLowerCase(Locale.ROOT);
        switch (l) {
            case "python", "py" -> {
                return List.of("Complete type hints (mypy strict)", "Comprehensive docstrings (Google style)",
                        "Error handling (try/except with specific exceptions)", "Input validation (Pydantic if applicable)",
                        "Security best practices (no SQL injection, XSS prevention)",
                        "Logging (structured logging with context)");
            }
            case "java", "kotlin" -> {
                return List.of("Precise static types (no raw types; Optional instead of null returns)",
                        "Javadoc on every public type and method", "Error handling (specific exceptions, never swallowed)",
                        "Input validation (Bean Validation / explicit checks with clear messages)",
                        "Security best practices (parameterised SQL, output encoding, no secrets in code)",
                        "Logging (SLF4J with context)");
            }
            case "typescript", "ts", "tsx", "javascript", "js", "jsx" -> {
                return List.of(l.startsWith("j") ? "JSDoc type annotations on every function"
                                : "Strict TypeScript types (strict mode, no any)",
                        "TSDoc/JSDoc comments on exported functions and types",
                        "Error handling (typed errors, rejected promises handled)",
                        "Input validation (a schema validator such as zod where input crosses a boundary)",
                        "Security best practices (no injection, output escaping, no secrets in code)",
                        "Logging (structured, with context)");
            }
            case "go", "golang" -> {
                return List.of("Idiomatic static types", "Doc comments on exported identifiers",
                        "Error handling (errors returned and wrapped with context, never ignored)",
                        "Input validation at boundaries", "Security best practices (parameterised SQL, no secrets in code)",
                        "Logging (log/slog with context)");
            }
            case "rust" -> {
                return List.of("Precise types; no unwrap on fallible paths", "Doc comments on public items",
                        "Error handling (Result with typed errors)", "Input validation at boundaries",
                        "Security best practices (no unsafe without need, no secrets in code)",
                        "Logging (tracing with context)");
            }
            default -> {
                return List.of("Precise types where the language has them", "Documentation comments on public code",
                        "Error handling with specific errors", "Input validation at boundaries",
                        "Security best practices (no injection, no secrets in code)", "Logging with context");
            }
        }
    }
}
