package io.q2o.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Builds the pipeline command's bundled offline answers ({@code src/main/resources/io/q2o/demo/pipeline/replay})
 * from the hand-written answers in {@code src/test/resources/io/q2o/demo/pipeline-answers}: the default
 * objective runs once, one task at a time, against a {@link ReplayServer} that serves the answers
 * in order (Gemini writes, OpenAI reviews); every request the real adapters sent is hashed into the
 * recording that answered it, so offline runs match answers by prompt — in any order, tasks running
 * concurrently. Token counts are estimates (jtokkit o200k_base) of the prompt and the answer.
 *
 * <p>Run after changing a prompt, an answer, the objective or the research notes:
 * {@code mvn -pl demo-poc test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.q2o.demo.BundledPipelineAnswers}
 */
public final class BundledPipelineAnswers {
    static final String ANSWERS = "io/q2o/demo/pipeline-answers/";
    static final String WRITER_MODEL = "gemini-2.5-flash";
    static final String REVIEWER_MODEL = "gpt-4o-mini";
    /** The writer's answers in the order a one-at-a-time run asks for them. */
    static final List<String> WRITER = List.of("01-plan.json", "02-research.json", "03-models.py", "04-schema.sql",
            "05-webhook.py", "06-tests.py", "07-webhook-repaired.py");
    /** The reviewer's answers in order. */
    static final List<String> REVIEWER = List.of("qa-1-models.json", "qa-2-webhook.json", "qa-3-webhook-repaired.json");

    private static final Encoding TOKENS = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundledPipelineAnswers() {
    }

    /**
     * @param args optional target folder
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : Path.of("src/main/resources", PipelineCommand.BUNDLED);
        if (args.length == 0 && !Files.isDirectory(target.getParent())) {
            target = Path.of("demo-poc/src/main/resources", PipelineCommand.BUNDLED);
        }
        Files.createDirectories(target);
        try (Stream<Path> old = Files.list(target)) {
            for (Path p : old.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.delete(p);
            }
        }
        Path scratch = Files.createTempDirectory("q2o-pipeline-answers");
        for (Map.Entry<String, Recording> e : generate(scratch).entrySet()) {
            e.getValue().write(target.resolve(e.getKey()));
            System.out.println("wrote " + target.resolve(e.getKey()));
        }
    }

    /**
     * @param scratch an empty folder the run writes its files to
     * @return file name to recording, in serving order
     */
    static Map<String, Recording> generate(Path scratch) {
        Map<Recording, String> names = new IdentityHashMap<>();
        Map<Recording, String> texts = new IdentityHashMap<>();
        List<Recording> canned = new ArrayList<>();
        for (String f : WRITER) {
            add(WireProvider.GEMINI, WRITER_MODEL, f, canned, names, texts);
        }
        for (String f : REVIEWER) {
            add(WireProvider.OPENAI, REVIEWER_MODEL, f, canned, names, texts);
        }
        List<ReplayServer.Replayed> seen;
        try (PipelineCommand.Session s = PipelineCommand.offline(LlmConfig.builder().environment(Map.of()).isolated(),
                Recordings.of(canned))) {
            PipelineResult r = PipelineCommand.run(s.service, PipelineCommand.DEFAULT_OBJECTIVE, scratch,
                    PipelineCommand.bundledSources(), Runnable::run, PipelineCommand.REVIEWER, null);
            if (!r.success()) {
                throw new IllegalStateException("the bundled answers do not make every task succeed: "
                        + r.execution().outcomes());
            }
            seen = s.replay.requests();
        }
        if (seen.size() != canned.size()) {
            throw new IllegalStateException("the run made " + seen.size() + " calls for " + canned.size() + " answers");
        }
        Map<String, Recording> out = new LinkedHashMap<>();
        for (ReplayServer.Replayed req : seen) {
            Recording by = Objects.requireNonNull(req.answeredBy(), "a request had no answer");
            String name = names.get(by);
            if (out.containsKey(name)) {
                throw new IllegalStateException(name + " answered two requests: the call order changed");
            }
            String text = texts.get(by);
            TokenCounts tokens = TokenCounts.of(BundledAnswers.promptTokens(req.body()), TOKENS.countTokens(text));
            Recording final_ = CannedAnswers.text(by.provider(), by.model(), text, tokens);
            try {
                out.put(name, final_.withHashes(req.bodySha256(), req.promptSha256()).withRequestBody(JSON.readTree(req.body())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void add(WireProvider p, String model, String file, List<Recording> canned, Map<Recording, String> names,
                            Map<Recording, String> texts) {
        String text = answer(file);
        if (file.equals("06-tests.py")) {
            ObjectNode n = JSON.createObjectNode();
            n.put("code", text);
            n.putArray("testNames").add("test_valid_event_is_recorded_and_answered_with_200")
                    .add("test_duplicate_event_is_recorded_once").add("test_bad_signature_is_rejected_with_400");
            text = n.toString();
        }
        Recording r = CannedAnswers.text(p, model, text, TokenCounts.of(1, 1));
        canned.add(r);
        names.put(r, p.id() + "-" + file.substring(0, file.lastIndexOf('.')) + ".json");
        texts.put(r, text);
    }

    static String answer(String file) {
        try (InputStream in = Objects.requireNonNull(BundledPipelineAnswers.class.getClassLoader()
                .getResourceAsStream(ANSWERS + file), file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
