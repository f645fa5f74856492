package io.q2o.coder;

import io.q2o.llm.LlmService;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md's Java example is this class's {@code quickstart} region, verbatim, so it compiles with the module. */
class ReadmeExampleTest {
    private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// \\[quickstart\\]\\n(.*?)^[ \\t]*// \\[/quickstart\\]",
            Pattern.DOTALL);
    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: quickstart -->\\n```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ANY_BLOCK = Pattern.compile("```java\\n");

    @SuppressWarnings("unused")
    static void example() {
        // [quickstart]
        try (LlmService llm = LlmService.fromEnvironment()) {
            CoderAgent agent = CoderAgent.builder()
                    .llm(llm)                       // null or Q2O_USE_LLM=false: template-only
                    .outputRoot(Path.of("output"))  // the only directory written to
                    .build();

            Task task = Task.builder()
                    .id("demo_001").title("Create Stripe webhook endpoint")
                    .techStack("FastAPI", "Stripe", "Pydantic")
                    .component(CodeComponent.builder()
                            .name("stripe_webhook")
                            .outputPath("app/webhooks/stripe.py")
                            .templateName("stripe_webhook")          // finds stripe_webhook.py.j2
                            .description("Verify the signature, handle payment_intent.succeeded, return 200, log all events")
                            .complexity(Complexity.HIGH)             // template + complex → hybrid
                            .requiredElements("stripe_webhook", "stripe.Webhook.construct_event")
                            .build())
                    .build();

            TaskResult result = agent.processTask(task);
            for (ComponentResult c : result.components()) {
                System.out.println(c.name() + " " + c.strategy() + " from " + c.source()
                        + " quality " + c.validation().map(v -> v.quality().score()).orElse(0)
                        + " cost " + c.usage().cost().map(BigDecimal::toPlainString).orElse("unknown"));
            }
        }
        // [/quickstart]
    }

    @Test
    void theReadmeShowsTheCompiledExampleAndNoOtherJavaBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String source = Files.readString(Path.of("src/test/java/io/q2o/coder/ReadmeExampleTest.java"));
        Matcher region = REGION.matcher(source);
        Matcher block = BLOCK.matcher(readme);
        assertThat(region.find()).isTrue();
        assertThat(block.find()).as("README.md marks its example <!-- snippet: quickstart -->").isTrue();
        assertThat(block.group(1).strip()).isEqualTo(dedent(region.group(1)));
        assertThat(ANY_BLOCK.matcher(readme).results().count()).as("every Java block is checked").isEqualTo(1);
    }

    private static String dedent(String block) {
        int indent = block.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return block.lines().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")).strip();
    }
}
