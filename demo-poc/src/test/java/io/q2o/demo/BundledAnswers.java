package io.q2o.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.Task;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Builds the demo's bundled offline answers ({@code src/main/resources/io/q2o/demo/replay}) from
 * the hand-written Python answers in {@code src/test/resources/io/q2o/demo/answers}: for each
 * provider, the demo's streamed request and the three real-world tasks' requests are sent through
 * the real adapters to a {@link ReplayServer}; the request bodies and prompts it sees are hashed
 * into the recordings, so that offline runs match them by prompt even when an adapter changes
 * other request fields ({@code BundledAnswersTest} checks this).
 * Token counts are estimates (jtokkit o200k_base) of the prompt and the answer.
 *
 * <p>Run after changing a prompt, an answer or a task:
 * {@code mvn -pl demo-poc test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.q2o.demo.BundledAnswers}
 */
public final class BundledAnswers {

    /** The model each provider's bundled answers claim, priced by config/llm_config.json. */
    static final Map<WireProvider, String> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put(WireProvider.GEMINI, "gemini-2.5-pro");
        MODELS.put(WireProvider.OPENAI, "gpt-4o");
        MODELS.put(WireProvider.ANTHROPIC, "claude-sonnet-4-20250514");
    }

    /** Answer file per task id (the demo's id for the webhook). */
    static final Map<String, String> ANSWERS = Map.of(
            DemoTask.ID, "stripe_webhook.py",
            RealWorldTasks.STRIPE.id(), "stripe_payments.py",
            RealWorldTasks.XERO.id(), "xero_client.py",
            RealWorldTasks.GRAPHQL.id(), "graphql_schema.py");

    private static final Encoding TOKENS = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundledAnswers() {
    }

    /**
     * @param args optional target folder (default: the module's bundled folder)
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : Path.of("src/main/resources", LlmSession.BUNDLED);
        if (!Files.isDirectory(target.getParent()) && args.length == 0) {
            target = Path.of("demo-poc/src/main/resources", LlmSession.BUNDLED);
        }
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (Path p : old.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, Recording> e : generate().entrySet()) {
            e.getValue().write(target.resolve(e.getKey()));
            System.out.println("wrote " + target.resolve(e.getKey()));
        }
    }

    /** @return file name to recording, for every provider: the demo's stream and the three tasks */
    static Map<String, Recording> generate() {
        Map<String, Recording> out = new LinkedHashMap<>();
        for (Map.Entry<WireProvider, String> e : MODELS.entrySet()) {
            WireProvider p = e.getKey();
            String model = e.getValue();
            out.put(p.id() + "-demo-stripe-webhook-sse.json", demo(p, model));
            for (Task task : RealWorldTasks.ALL) {
                out.put(p.id() + "-" + task.id().replace('_', '-') + ".json", task(p, model, task));
            }
        }
        // the demo's QA reviews (DemoReview): openai reviews when gemini or anthropic wrote, gemini when openai wrote
        out.putAll(reviews(WireProvider.OPENAI, WireProvider.GEMINI));
        out.putAll(reviews(WireProvider.GEMINI, WireProvider.OPENAI));
        return out;
    }

    /**
     * @param taskId a task id ({@link DemoTask#ID} or a real-world task's)
     * @return the hand-written answer for it
     */
    public static String answer(String taskId) {
        return answerFile(ANSWERS.get(taskId));
    }

    /**
     * @param name a file of the hand-written answers folder
     * @return its content
     */
    static String answerFile(String name) {
        String file = "io/q2o/demo/answers/" + name;
        try (InputStream in = Objects.requireNonNull(BundledAnswers.class.getClassLoader().getResourceAsStream(file), file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DemoApp app() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new DemoApp(() -> LlmConfig.builder().environment(Map.of()).isolated(), sink, sink);
    }

    private static LlmOptions offline(WireProvider p) {
        LlmOptions o = new LlmOptions();
        o.provider = p.id();
        o.mode.offline = true;
        return o;
    }

    private static Recording demo(WireProvider p, String model) {
        String code = answer(DemoTask.ID);
        ReplayServer.Replayed seen;
        try (LlmSession session = LlmSession.open(app(), offline(p),
                Recordings.of(CannedAnswers.stream(p, model, List.of(code), TokenCounts.of(1, 1))))) {
            LlmRequest req = DemoCommand.demoRequest(session.service());
            session.service().stream(req, chunk -> { }).join().orThrow();
            seen = session.replayed().get(0);
        }
        TokenCounts tokens = TokenCounts.of(promptTokens(seen.body()), count(code));
        Recording canned = CannedAnswers.stream(p, model, CannedAnswers.chunks(code, 120), tokens);
        return hashed(canned, seen);
    }

    private static Recording task(WireProvider p, String model, Task task) {
        String code = answer(task.id());
        ReplayServer.Replayed seen;
        try (LlmSession session = LlmSession.open(app(), offline(p),
                Recordings.of(CannedAnswers.text(p, model, code, TokenCounts.of(1, 1))))) {
            Path scratch = Files.createTempDirectory("q2o-bundled");
            CoderAgent agent = CoderAgent.builder().llm(session.service()).outputRoot(scratch).build();
            if (!agent.processTask(task).failures().isEmpty()) {
                throw new IllegalStateException("the answer for " + task.id() + " does not pass validation");
            }
            List<ReplayServer.Replayed> calls = session.replayed();
            if (calls.size() != 1) {
                throw new IllegalStateException(task.id() + " made " + calls.size() + " LLM calls, expected 1");
            }
            seen = calls.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TokenCounts tokens = TokenCounts.of(promptTokens(seen.body()), count(code));
        return hashed(CannedAnswers.text(p, model, code, tokens), seen);
    }

    /** The two reviews of the demo's step 3 by {@code reviewer}, hashed from the requests DemoReview sends. */
    private static Map<String, Recording> reviews(WireProvider reviewer, WireProvider writer) {
        String model = MODELS.get(reviewer);
        String template;
        try {
            Path scratch = Files.createTempDirectory("q2o-bundled");
            CoderAgent agent = CoderAgent.builder().outputRoot(scratch).build();
            template = agent.processTask(DemoTask.task(DemoTask.findTemplate(agent.templates()).orElseThrow()))
                    .components().get(0).code().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String llm = answer(DemoTask.ID);
        Recording first = CannedAnswers.text(reviewer, model, answerFile("qa_template.json"), TokenCounts.of(1, 1));
        Recording second = CannedAnswers.text(reviewer, model, answerFile("qa_llm.json"), TokenCounts.of(1, 1));
        List<ReplayServer.Replayed> seen;
        try (LlmSession session = LlmSession.open(app(), offline(writer), Recordings.of(
                CannedAnswers.text(writer, MODELS.get(writer), "unused", TokenCounts.of(1, 1)), first, second))) {
            DemoReview.Score t = DemoReview.review(session.service(), reviewer.id(), DemoTask.TEMPLATE_FILE, template, "", "");
            DemoReview.Score l = DemoReview.review(session.service(), reviewer.id(), DemoTask.LLM_FILE, llm, writer.id(),
                    MODELS.get(writer));
            if (t.error() != null || l.error() != null) {
                throw new IllegalStateException("a recorded review does not fit: " + t.error() + " / " + l.error());
            }
            seen = session.replayed();
        }
        if (seen.size() != 2) {
            throw new IllegalStateException("the demo's reviews made " + seen.size() + " calls, expected 2");
        }
        Map<String, Recording> out = new LinkedHashMap<>();
        out.put(reviewer.id() + "-demo-qa-1-template.json", hashed(CannedAnswers.text(reviewer, model,
                answerFile("qa_template.json"), TokenCounts.of(promptTokens(seen.get(0).body()), count(answerFile("qa_template.json")))),
                seen.get(0)));
        out.put(reviewer.id() + "-demo-qa-2-llm.json", hashed(CannedAnswers.text(reviewer, model,
                answerFile("qa_llm.json"), TokenCounts.of(promptTokens(seen.get(1).body()), count(answerFile("qa_llm.json")))),
                seen.get(1)));
        return out;
    }

    private static Recording hashed(Recording canned, ReplayServer.Replayed seen) {
        try {
            return canned.withHashes(seen.bodySha256(), seen.promptSha256()).withRequestBody(JSON.readTree(seen.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the estimated tokens of every prompt text in a request body (all strings but the model name) */
    static long promptTokens(String body) {
        try {
            List<String> texts = new ArrayList<>();
            collect(JSON.readTree(body), texts);
            return texts.stream().mapToLong(BundledAnswers::count).sum() + 8;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual() && node.asText().length() > 40) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    private static long count(String text) {
        return TOKENS.countTokens(text);
    }
}
