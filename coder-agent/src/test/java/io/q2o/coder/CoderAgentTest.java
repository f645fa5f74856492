package io.q2o.coder;

import io.q2o.coder.validation.Category;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.coder.write.UnsafePathException;
import io.q2o.llm.ConfigException;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.ProviderRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoderAgentTest {
    static final String MODEL = LlmFixture.MODEL;
    static final TokenCounts TOKENS = TokenCounts.of(1000, 500);
    /** gemini-2.5-flash: 1000 × $0.30/M + 500 × $2.50/M. */
    static final BigDecimal COST_PER_CALL = new BigDecimal("0.00155");

    static final String VALID_HANDLER = """
            \"\"\"Order handler.\"\"\"
            import logging

            logger = logging.getLogger(__name__)


            def handle_order(order_id: int) -> str:
                \"\"\"Return a confirmation for an order.\"\"\"
                if order_id <= 0:
                    raise ValueError("order_id must be positive")
                logger.info("order %s handled", order_id)
                return f"order {order_id} confirmed"
            """;

    @TempDir
    Path tmp;

    private LlmFixture llm;

    @AfterEach
    void closeLlm() {
        if (llm != null) {
            llm.close();
        }
    }

    private Path root() {
        return tmp.resolve("out");
    }

    private CoderAgent agent(Map<String, String> settings) {
        llm = new LlmFixture(settings);
        return CoderAgent.builder().llm(llm.service).outputRoot(root()).agentId("test_coder").build();
    }

    private CoderAgent agent() {
        return agent(Map.of());
    }

    private static Task task(CodeComponent... components) {
        return Task.builder().id("test_001").title("Create Stripe webhook endpoint")
                .description("Handle stripe webhook events").techStack("FastAPI", "Stripe", "Pydantic")
                .components(List.of(components)).build();
    }

    private static CodeComponent stripe(Complexity complexity, boolean novel) {
        return CodeComponent.builder().name("stripe_webhook").outputPath("app/webhooks/stripe.py")
                .templateName("stripe_webhook").description("Verify the signature and handle payment_intent.succeeded")
                .complexity(complexity).novelTechnology(novel)
                .requiredElements("stripe_webhook", "stripe.Webhook.construct_event").build();
    }

    private static CodeComponent handler() {
        return CodeComponent.builder().name("order handler").outputPath("app/orders.py")
                .description("Handle an order").requiredElements("def handle_order").build();
    }

    private static String enhancedStripe() {
        return """
                \"\"\"Stripe webhook, enhanced.\"\"\"
                import logging
                import os

                import stripe
                from fastapi import APIRouter, HTTPException, Request

                logger = logging.getLogger(__name__)
                router = APIRouter()


                @router.post("/webhooks/stripe")
                async def stripe_webhook(request: Request) -> dict:
                    \"\"\"Verify and log one event.\"\"\"
                    payload = await request.body()
                    signature = request.headers.get("stripe-signature", "")
                    try:
                        event = stripe.Webhook.construct_event(payload, signature, os.environ["STRIPE_WEBHOOK_SECRET"])
                    except (ValueError, stripe.SignatureVerificationError) as exc:
                        logger.warning("rejected: %s", exc)
                        raise HTTPException(status_code=400, detail="invalid") from exc
                    logger.info("event %s", event["type"])
                    return {"received": True}
                """;
    }

    // ------------------------------------------------------------------ strategies

    @Test
    void standardComponentWithTemplateUsesTheTemplateWithoutCallingTheLlm() throws IOException {
        CoderAgent agent = agent();
        TaskResult result = agent.processTask(task(stripe(Complexity.MEDIUM, false)));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        ComponentResult c = result.components().get(0);
        assertThat(c.strategy()).contains(Strategy.TEMPLATE);
        assertThat(c.source()).contains(CodeSource.TEMPLATE);
        assertThat(c.llmCalls()).isZero();
        assertThat(llm.gemini.calls()).isZero();
        assertThat(result.filesWritten()).containsExactly(root().toRealPath().resolve("app/webhooks/stripe.py"));
        assertThat(Files.readString(result.filesWritten().get(0))).contains("stripe.Webhook.construct_event")
                .contains("payment_intent.succeeded").isEqualTo(c.code().orElseThrow());
        assertThat(c.validation().orElseThrow().passed()).isTrue();
        assertThat(c.usage().cost()).contains(BigDecimal.ZERO);
    }

    @Test
    void componentWithoutTemplateIsGeneratedByTheLlmWithResearchContextAndCodeTemperature() throws IOException {
        CoderAgent agent = agent();
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);
        Task t = Task.builder().id("t2").title("Orders").techStack("FastAPI").component(handler())
                .researchContext(Map.of("best_practice", "validate ids")).build();

        TaskResult result = agent.processTask(t);

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        ComponentResult c = result.component("order handler").orElseThrow();
        assertThat(c.strategy()).contains(Strategy.LLM);
        assertThat(c.source()).contains(CodeSource.LLM);
        assertThat(Files.readString(root().resolve("app/orders.py"))).isEqualTo(VALID_HANDLER);
        ProviderRequest sent = llm.gemini.requests().get(0);
        assertThat(sent.temperature()).isEqualTo(0.3);
        assertThat(sent.maxTokens()).isEqualTo(8192);
        assertThat(sent.systemPrompt()).contains("expert FastAPI developer").contains("validate ids");
        assertThat(sent.userPrompt()).contains("Handle an order").contains("app/orders.py").contains("def handle_order");
    }

    @Test
    void researchProviderFindingsAreMergedWithTheTasksOwn() {
        llm = new LlmFixture();
        CoderAgent agent = CoderAgent.builder().llm(llm.service).outputRoot(root())
                .researchProvider(task -> Map.of("from_provider", "use idempotency keys", "shared", "provider")).build();
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);
        Task t = Task.builder().id("t").title("Orders").component(handler())
                .researchContext(Map.of("shared", "task wins")).build();

        agent.processTask(t);

        String system = llm.gemini.requests().get(0).systemPrompt();
        assertThat(system).contains("use idempotency keys").contains("task wins").doesNotContain("\"provider\"");
    }

    @Test
    void codeTemperatureComesFromConfiguration() {
        CoderAgent agent = agent(Map.of("Q2O_LLM_CODE_TEMPERATURE", "0.1"));
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);

        agent.processTask(task(handler()));

        assertThat(agent.temperature()).isEqualTo(0.1);
        assertThat(llm.gemini.requests().get(0).temperature()).isEqualTo(0.1);
    }

    @Test
    void complexComponentWithTemplateIsHybridWithThePlansPrompt() throws IOException {
        CoderAgent agent = agent();
        llm.gemini.answer(MODEL, "```python\n" + enhancedStripe() + "```", TOKENS);

        TaskResult result = agent.processTask(task(stripe(Complexity.HIGH, false)));

        ComponentResult c = result.components().get(0);
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(c.strategy()).contains(Strategy.HYBRID);
        assertThat(c.source()).contains(CodeSource.LLM);
        assertThat(c.fellBackToTemplate()).isFalse();
        assertThat(Files.readString(root().resolve("app/webhooks/stripe.py"))).isEqualTo(enhancedStripe());
        ProviderRequest sent = llm.gemini.requests().get(0);
        assertThat(sent.systemPrompt()).isEqualTo(CoderPrompts.HYBRID_SYSTEM_PROMPT)
                .startsWith("You are refining code generated from a template.");
        assertThat(sent.userPrompt()).startsWith("Original code:\n```python\n\"\"\"Verify the signature")
                .contains("def handle_payment_intent_succeeded")
                .contains("Task requirements: Verify the signature and handle payment_intent.succeeded")
                .contains("Tech stack: FastAPI, Stripe, Pydantic")
                .endsWith("Enhance this code to production quality. Return ONLY the enhanced code.");
        assertThat(c.attempts()).extracting(GenerationAttempt::kind)
                .containsExactly(GenerationAttempt.Kind.TEMPLATE, GenerationAttempt.Kind.LLM_ENHANCE);
    }

    @Test
    void novelTechnologyWithTemplateIsHybridEvenWhenSimple() {
        CoderAgent agent = agent();
        assertThat(agent.chooseStrategy(stripe(Complexity.LOW, true))).isEqualTo(Strategy.HYBRID);
        assertThat(agent.chooseStrategy(stripe(Complexity.VERY_HIGH, false))).isEqualTo(Strategy.HYBRID);
        assertThat(agent.chooseStrategy(stripe(Complexity.MEDIUM, false))).isEqualTo(Strategy.TEMPLATE);
        assertThat(agent.chooseStrategy(handler())).isEqualTo(Strategy.LLM);
    }

    @Test
    void noTemplateAndLlmSwitchedOffIsAClearErrorForThatComponent() {
        CoderAgent agent = agent(Map.of("Q2O_USE_LLM", "false"));
        assertThat(agent.llmEnabled()).isFalse();

        TaskResult result = agent.processTask(task(handler(), stripe(Complexity.MEDIUM, false)));

        assertThat(result.status()).isEqualTo(TaskStatus.PARTIAL);
        ComponentResult failed = result.component("order handler").orElseThrow();
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.strategy()).isEmpty();
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("No template for order handler").contains("LLM disabled").contains("Q2O_USE_LLM=false"));
        assertThat(root().resolve("app/orders.py")).doesNotExist();
        assertThat(result.component("stripe_webhook").orElseThrow().succeeded()).isTrue();
        assertThat(result.filesWritten()).hasSize(1);
        assertThatThrownBy(() -> agent.chooseStrategy(handler())).isInstanceOf(StrategyException.class);
    }

    @Test
    void withoutAnLlmServiceTheAgentIsTemplateOnly() {
        CoderAgent agent = CoderAgent.builder().outputRoot(root()).build();
        assertThat(agent.llmEnabled()).isFalse();
        assertThat(agent.chooseStrategy(stripe(Complexity.HIGH, true))).isEqualTo(Strategy.TEMPLATE);
        assertThatThrownBy(() -> agent.chooseStrategy(handler())).isInstanceOf(StrategyException.class)
                .hasMessageContaining("no LlmService");
        CodeComponent unknownTemplate = handler().toBuilder().templateName("does_not_exist").build();
        assertThatThrownBy(() -> agent.chooseStrategy(unknownTemplate)).hasMessageContaining("template 'does_not_exist' not found");
    }

    @Test
    void complexComponentWithLlmOffFallsToTheTemplateLikeThePlansDefault() {
        CoderAgent agent = agent(Map.of("Q2O_USE_LLM", "false"));
        TaskResult result = agent.processTask(task(stripe(Complexity.VERY_HIGH, true)));
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.components().get(0).strategy()).contains(Strategy.TEMPLATE);
    }

    // ------------------------------------------------------------------ fallback and repair

    @Test
    void llmFailureOnAComponentWithATemplateFallsBackToTheTemplate() throws IOException {
        CoderAgent agent = agent();
        llm.gemini.fail(MODEL, new AuthenticationException("gemini", 401, "API key not valid", null));

        TaskResult result = agent.processTask(task(stripe(Complexity.HIGH, false)));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        ComponentResult c = result.components().get(0);
        assertThat(c.strategy()).contains(Strategy.HYBRID);
        assertThat(c.source()).contains(CodeSource.TEMPLATE);
        assertThat(c.fellBackToTemplate()).isTrue();
        assertThat(c.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("LLM call failed"));
        assertThat(Files.readString(root().resolve("app/webhooks/stripe.py")))
                .isEqualTo(agent.renderTemplate(task(stripe(Complexity.HIGH, false)), stripe(Complexity.HIGH, false)));
        assertThat(c.attempts()).hasSize(2);
        assertThat(c.attempts().get(1).error()).contains("AUTH");
        assertThat(c.llmCalls()).isEqualTo(1);
    }

    @Test
    void aHybridComponentWhoseTemplateFailsToRenderIsGeneratedByTheLlm() throws IOException {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("handler.py.j2"), "def {{ undefined_variable }}():\n    pass\n");
        llm = new LlmFixture();
        CoderAgent agent = CoderAgent.builder().llm(llm.service).outputRoot(root())
                .templates(io.q2o.coder.template.TemplateRenderer.builder().userDirectory(templates).build()).build();
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);
        CodeComponent c = handler().toBuilder().templateName("handler").complexity(Complexity.HIGH).build();

        TaskResult result = agent.processTask(task(c));

        ComponentResult r = result.components().get(0);
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(r.strategy()).contains(Strategy.HYBRID);
        assertThat(r.source()).contains(CodeSource.LLM);
        assertThat(r.attempts()).extracting(GenerationAttempt::kind)
                .containsExactly(GenerationAttempt.Kind.TEMPLATE, GenerationAttempt.Kind.LLM_GENERATE);
        assertThat(r.attempts().get(0).error()).contains("undefined_variable");
        assertThat(Files.readString(root().resolve("app/orders.py"))).isEqualTo(VALID_HANDLER);
    }

    @Test
    void aTemplateThatRendersInvalidCodeFailsTheComponentWithoutWriting() throws IOException {
        Path templates = Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(templates.resolve("broken.py.j2"), "def {{ name | snake_case }}(:\n    pass\n");
        CoderAgent agent = CoderAgent.builder().outputRoot(root())
                .templates(io.q2o.coder.template.TemplateRenderer.builder().userDirectory(templates).build()).build();
        CodeComponent c = handler().toBuilder().templateName("broken").requiredElements(List.of()).build();

        TaskResult result = agent.processTask(task(c));

        ComponentResult r = result.components().get(0);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.strategy()).contains(Strategy.TEMPLATE);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("template output failed validation")
                .contains("[syntax."));
        assertThat(r.code()).hasValueSatisfying(code -> assertThat(code).startsWith("def order_handler(:"));
        assertThat(root().resolve("app/orders.py")).doesNotExist();
    }

    @Test
    void aLegalNameOfAnyLengthUpTo255BytesIsWrittenExactlyAsGiven() throws IOException {
        CoderAgent agent = agent(Map.of("Q2O_USE_LLM", "false"));
        for (int length : new int[] {243, 250, 255}) {
            String name = "s".repeat(length - 3) + ".py";
            CodeComponent c = CodeComponent.builder().name("stripe_webhook").outputPath("app/webhooks/" + name)
                    .templateName("stripe_webhook").description("Verify the signature").complexity(Complexity.MEDIUM)
                    .requiredElements("stripe_webhook").build();

            TaskResult result = agent.processTask(task(c));

            assertThat(result.status()).as("%s: %s", length, result.failures()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(result.filesWritten()).containsExactly(root().resolve("app/webhooks/" + name));
            try (Stream<Path> files = Files.list(root().resolve("app/webhooks"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).as("no temporary file left").contains(name)
                        .noneMatch(f -> f.endsWith(".tmp"));
            }
        }
    }

    @Test
    void aNameThatCannotBeWrittenAsGivenIsAClearErrorNeverARename() {
        for (String path : new String[] {"app/x.py ", " app/x.py", "app /x.py", "app/x\t.py", "app/x\n.py",
                "app/" + "é".repeat(127) + ".py", "app/" + "n".repeat(253) + ".py"}) {
            assertThatThrownBy(() -> CodeComponent.builder().name("c").outputPath(path).language(Language.PYTHON).build())
                    .as(path).isInstanceOf(UnsafePathException.class)
                    .hasMessageContaining("unsafe output path")
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("whitespace", "control character", "bytes"));
        }
    }

    @Test
    void aTaskIsFailedOnlyWhenNoComponentSucceeded() {
        CoderAgent agent = agent(Map.of("Q2O_USE_LLM", "false"));
        CodeComponent other = CodeComponent.builder().name("other handler").outputPath("app/other.py")
                .description("Handle another thing").requiredElements("def other").build();

        assertThat(agent.processTask(task(handler(), other)).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(agent.processTask(task(handler(), stripe(Complexity.MEDIUM, false))).status())
                .isEqualTo(TaskStatus.PARTIAL);
        assertThat(agent.processTask(task(stripe(Complexity.MEDIUM, false))).status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void llmFailureWithoutTemplateFailsTheComponent() {
        CoderAgent agent = agent();
        llm.gemini.fail(MODEL, new AuthenticationException("gemini", 401, "API key not valid", null));

        TaskResult result = agent.processTask(task(handler()));

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.components().get(0).error()).hasValueSatisfying(e -> assertThat(e).startsWith("LLM call failed"));
        assertThat(result.filesWritten()).isEmpty();
    }

    @Test
    void invalidLlmOutputIsRepairedWithTheFindingsInThePrompt() throws IOException {
        CoderAgent agent = agent();
        llm.gemini.answer(MODEL, "def foo( invalid syntax", TOKENS);
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);

        TaskResult result = agent.processTask(task(handler()));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        ComponentResult c = result.components().get(0);
        assertThat(c.repairAttempts()).isEqualTo(1);
        assertThat(c.llmCalls()).isEqualTo(2);
        assertThat(c.attempts()).extracting(GenerationAttempt::kind)
                .containsExactly(GenerationAttempt.Kind.LLM_GENERATE, GenerationAttempt.Kind.LLM_REPAIR);
        assertThat(c.attempts().get(0).passed()).isFalse();
        assertThat(Files.readString(root().resolve("app/orders.py"))).isEqualTo(VALID_HANDLER);

        ProviderRequest repair = llm.gemini.requests().get(1);
        ValidationReport firstReport = c.attempts().get(0).validation();
        assertThat(firstReport.errors()).isNotEmpty();
        assertThat(repair.systemPrompt()).contains("failed automated validation");
        assertThat(repair.userPrompt()).contains("def foo( invalid syntax")
                .contains(firstReport.describeErrors())
                .contains("line 1, column 8: [syntax.error] '(' was never closed")
                .contains("required element 'def handle_order' not found");
    }

    @Test
    void exhaustedRepairsFallBackToTheTemplate() {
        CoderAgent agent = agent();
        llm.gemini.alwaysAnswer("import os\nos.system('rm -rf /')\n", TOKENS);

        TaskResult result = agent.processTask(task(stripe(Complexity.HIGH, false)));

        ComponentResult c = result.components().get(0);
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(c.fellBackToTemplate()).isTrue();
        assertThat(c.source()).contains(CodeSource.TEMPLATE);
        assertThat(c.llmCalls()).isEqualTo(1 + CoderAgent.DEFAULT_REPAIR_ATTEMPTS);
        assertThat(c.repairAttempts()).isEqualTo(2);
        assertThat(c.fallbackReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("after 2 repair attempt(s)").contains("security.os-system"));
        assertThat(c.usage().cost()).contains(COST_PER_CALL.multiply(BigDecimal.valueOf(3)));
    }

    @Test
    void exhaustedRepairsWithoutTemplateFailTheComponentWithTheFindings() {
        CoderAgent agent = agent();
        llm.gemini.alwaysAnswer("def foo( invalid syntax", TOKENS);

        TaskResult result = agent.processTask(task(handler()));

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        ComponentResult c = result.components().get(0);
        assertThat(c.llmCalls()).isEqualTo(3);
        assertThat(c.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("failed validation after 2 repair attempt(s)").contains("[syntax.error]"));
        assertThat(c.validation()).hasValueSatisfying(v -> assertThat(v.syntaxValid()).isFalse());
        assertThat(c.code()).contains("def foo( invalid syntax\n");
        assertThat(root().resolve("app/orders.py")).doesNotExist();
    }

    @Test
    void repairAttemptsComeFromQ2oLlmRepairAttempts() {
        CoderAgent agent = agent(Map.of("Q2O_LLM_REPAIR_ATTEMPTS", "0"));
        llm.gemini.alwaysAnswer("def foo( invalid syntax", TOKENS);

        TaskResult result = agent.processTask(task(handler()));

        assertThat(agent.repairAttempts()).isZero();
        assertThat(result.components().get(0).llmCalls()).isEqualTo(1);
    }

    @Test
    void malformedRepairAttemptsIsAClearErrorNamingTheVariable() {
        assertThatThrownBy(() -> agent(Map.of("Q2O_LLM_REPAIR_ATTEMPTS", "two")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Q2O_LLM_REPAIR_ATTEMPTS='two' is invalid")
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("Q2O_LLM_REPAIR_ATTEMPTS"));
        assertThatThrownBy(() -> CoderAgent.parseRepairAttempts("11")).isInstanceOf(ConfigException.class);
        assertThat(CoderAgent.parseRepairAttempts(" 3 ")).isEqualTo(3);
    }

    @Test
    void dangerousLlmOutputIsNeverWritten() {
        CoderAgent agent = agent(Map.of("Q2O_LLM_REPAIR_ATTEMPTS", "1"));
        llm.gemini.alwaysAnswer("```python\nimport os\n\ndef handle_order(cmd: str) -> int:\n    return os.system(cmd)\n```", TOKENS);

        TaskResult result = agent.processTask(task(handler()));

        ComponentResult c = result.components().get(0);
        assertThat(c.succeeded()).isFalse();
        assertThat(c.validation().orElseThrow().findings(Category.SECURITY)).extracting(f -> f.ruleId())
                .containsExactly("security.os-system");
        assertThat(root().resolve("app/orders.py")).doesNotExist();
    }

    // ------------------------------------------------------------------ extraction

    @Test
    void fencedAndChattyAnswersAreReducedToTheCode() throws IOException {
        CoderAgent agent = agent();
        llm.gemini.answer(MODEL, "Sure! Here is the implementation you asked for:\n\n```python\n" + VALID_HANDLER
                + "```\n\nThis handler validates the id and logs every order.\n```bash\npip install fastapi\n```\n", TOKENS);
        llm.gemini.answer(MODEL, "Here is the code:\n\n" + VALID_HANDLER + "\nThis code handles orders and logs them.\n", TOKENS);
        CodeComponent second = handler().toBuilder().name("second").outputPath("app/orders2.py").build();

        TaskResult result = agent.processTask(task(handler(), second));

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(Files.readString(root().resolve("app/orders.py"))).isEqualTo(VALID_HANDLER);
        assertThat(Files.readString(root().resolve("app/orders2.py"))).isEqualTo(VALID_HANDLER);
        assertThat(result.totalUsage().llmCalls()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ usage and cost

    @Test
    void usageAndCostAreRecordedPerComponentAndSummedForTheTask() {
        CoderAgent agent = agent();
        llm.gemini.answer(MODEL, "def foo(:\n", TOKENS);
        llm.gemini.answer(MODEL, VALID_HANDLER, TokenCounts.of(2000, 100));
        llm.gemini.answer(MODEL, VALID_HANDLER, TOKENS);
        CodeComponent second = handler().toBuilder().name("second").outputPath("app/orders2.py").build();

        TaskResult result = agent.processTask(task(handler(), stripe(Complexity.LOW, false), second));

        ComponentUsage first = result.component("order handler").orElseThrow().usage();
        assertThat(first.llmCalls()).isEqualTo(2);
        assertThat(first.inputTokens()).isEqualTo(3000);
        assertThat(first.outputTokens()).isEqualTo(600);
        // 2000 × 0.30/M + 100 × 2.50/M = 0.00085
        assertThat(first.cost()).contains(COST_PER_CALL.add(new BigDecimal("0.00085")));
        assertThat(result.component("stripe_webhook").orElseThrow().usage()).isEqualTo(ComponentUsage.NONE);
        assertThat(result.component("second").orElseThrow().usage().cost()).contains(COST_PER_CALL);
        assertThat(result.totalUsage().llmCalls()).isEqualTo(3);
        assertThat(result.totalUsage().cost()).contains(new BigDecimal("0.00395"));
        assertThat(result.components().get(0).attempts().get(1).usage().model()).isEqualTo(MODEL);
        assertThat(llm.service.usageStats().byAgent()).containsKey("test_coder");
        assertThat(llm.service.usageStats().byAgent().get("test_coder").calls()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ plan's tests and task model

    @Test
    void plansLlmCodeGenerationTaskWithoutComponentsProducesAUserModel() throws IOException {
        CoderAgent agent = agent();
        String model = """
                from sqlalchemy import Integer, String
                from sqlalchemy.orm import Mapped, declarative_base, mapped_column

                Base = declarative_base()


                class User(Base):
                    __tablename__ = "users"

                    id: Mapped[int] = mapped_column(Integer, primary_key=True)
                    email: Mapped[str] = mapped_column(String(255), unique=True)
                """;
        llm.gemini.answer(MODEL, model, TOKENS);
        Task t = Task.builder().id("test_001").title("Create user model")
                .description("Create FastAPI User model with SQLAlchemy").techStack("FastAPI", "SQLAlchemy", "Pydantic").build();

        TaskResult result = agent.processTask(t);

        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(result.filesWritten()).hasSize(1);
        String generated = Files.readString(result.filesWritten().get(0));
        assertThat(result.filesWritten().get(0).getFileName().toString()).isEqualTo("create_user_model.py");
        assertThat(generated).contains("class User").contains("Base =").contains("id: Mapped");
    }

    @Test
    void plansValidationCasesAreRejected() {
        CoderAgent agent = CoderAgent.builder().outputRoot(root()).build();
        CodeComponent any = CodeComponent.builder().name("x").outputPath("x.py").build();
        assertThat(agent.validate("def foo( invalid syntax", any).passed()).isFalse();
        ValidationReport dangerous = agent.validate("import os\nos.system('rm -rf /')", any);
        assertThat(dangerous.passed()).isFalse();
        assertThat(dangerous.errors()).extracting(f -> f.ruleId() + "@" + f.line()).containsExactly("security.os-system@2");
    }

    @Test
    void tasksValidateTheirComponents() {
        CodeComponent a = handler();
        CodeComponent samePath = handler().toBuilder().name("other").outputPath("APP/orders.py").build();
        assertThatThrownBy(() -> task(a, samePath)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both write");
        assertThatThrownBy(() -> task(a, a)).hasMessageContaining("two components are named");
        assertThatThrownBy(() -> CodeComponent.builder().name("x").outputPath("App.tsx").language(Language.PYTHON).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is for tsx but the language is python");
        assertThatThrownBy(() -> CodeComponent.builder().name("x").outputPath("Makefile").build())
                .hasMessageContaining("cannot tell the language");
        assertThat(CodeComponent.builder().name("x").outputPath("App.tsx").language("typescript").build().language())
                .isEqualTo(Language.TSX);
        assertThatThrownBy(() -> Task.builder().title("t").build()).hasMessageContaining("task id");
    }

    @Test
    void pathTraversalIsRefusedBeforeAnythingIsGenerated() {
        for (String bad : List.of("../x.py", "/etc/passwd", "a/../../x.py", "C:\\\\evil.py", "..\\\\x.py")) {
            assertThatThrownBy(() -> CodeComponent.builder().name("x").outputPath(bad).language(Language.TEXT).build())
                    .as(bad).isInstanceOf(io.q2o.coder.write.UnsafePathException.class);
        }
    }

    @Test
    void aSymlinkLeavingTheRootFailsTheComponentAndNothingIsWrittenOutside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(root());
        Files.createSymbolicLink(root().resolve("app"), outside);
        CoderAgent agent = CoderAgent.builder().outputRoot(root()).build();

        TaskResult result = agent.processTask(task(stripe(Complexity.LOW, false)));

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.components().get(0).error()).hasValueSatisfying(e -> assertThat(e)
                .contains("write failed").contains("symbolic link that leaves the output root"));
        try (Stream<Path> s = Files.walk(outside)) {
            assertThat(s.filter(p -> !p.equals(outside)).toList()).isEmpty();
        }
    }

    @Test
    void tasksMayRunConcurrently() throws Exception {
        CoderAgent agent = agent();
        llm.gemini.alwaysAnswer(VALID_HANDLER, TOKENS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TaskResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CodeComponent c = handler().toBuilder().outputPath("app/orders_" + i + ".py").build();
                Task t = Task.builder().id("t" + i).title("Orders " + i).component(c)
                        .component(stripe(Complexity.LOW, false).toBuilder().outputPath("app/stripe_" + i + ".py").build()).build();
                futures.add(pool.submit(() -> agent.processTask(t)));
            }
            for (Future<TaskResult> f : futures) {
                assertThat(f.get().status()).isEqualTo(TaskStatus.COMPLETED);
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> s = Files.list(root().resolve("app"))) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".py")).count()).isEqualTo(16);
        }
        assertThat(llm.gemini.calls()).isEqualTo(8);
    }
}
