package io.q2o.coder;

import io.q2o.llm.LlmService;
import java.math.BigDecimal;
import io.q2o.llm.testkit.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

/** README.md's Java example is this class's {@code quickstart} region, verbatim, so it compiles with the module. */
class ReadmeExampleTest {

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
        ReadmeSnippets.assertShown(Path.of("README.md"), Path.of("src/test/java/io/q2o/coder/ReadmeExampleTest.java"), "quickstart", true);
    }
}
