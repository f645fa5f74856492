package io.q2o.agents.research;

import io.q2o.agents.Llms;
import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.Task;
import io.q2o.llm.LlmService;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResearcherAgentTest {

    private final Llms llms = new Llms();
    private final ScriptedProvider gemini = llms.gemini();

    private static final ResearchSource SOURCES = ResearchSource.of(
            new SourceDocument("signatures.md", "Signatures", "Verify the Stripe-Signature header with "
                    + "stripe.Webhook.construct_event(payload, sig_header, secret). Use the raw request body."),
            new SourceDocument("events.txt", null, "payment_intent.succeeded carries the PaymentIntent object. "
                    + "Events can arrive twice: store the event id and ignore repeats."));

    private static String findings(String... citedIds) {
        return "{\"keyFindings\":["
                + "{\"finding\":\"Verify signatures on the raw body\",\"sources\":[\"" + citedIds[0] + "\"]},"
                + "{\"finding\":\"Deduplicate by event id\",\"sources\":[\"" + citedIds[1] + "\"]},"
                + "{\"finding\":\"Stripe retries for three days\",\"sources\":[\"" + citedIds[2] + "\"]}],"
                + "\"recommendedLibraries\":[{\"name\":\"stripe\",\"version\":\">=7.0\",\"purpose\":\"signature checks\"}],"
                + "\"codeExamples\":[{\"title\":\"verify\",\"language\":\"python\",\"code\":\"stripe.Webhook.construct_event(p, s, k)\","
                + "\"source\":\"" + citedIds[3] + "\"}],"
                + "\"pitfalls\":[\"parsing JSON before verifying\"],\"confidence\":0.8}";
    }

    @Test
    void findingsCiteOnlyTheGivenSourcesAndInventedCitationsAreDroppedAndReported() {
        gemini.answer(Llms.GEMINI_MODEL, findings("signatures.md", "events.txt#0", "blog.example.com", "nowhere.md"),
                Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            ResearchResult r = ResearcherAgent.builder().llm(llm).build().research("Stripe webhooks", SOURCES, "t1");

            assertThat(r.success()).isTrue();
            assertThat(r.findings().keyFindings()).extracting(ResearchFindings.KeyFinding::finding)
                    .containsExactly("Verify signatures on the raw body", "Deduplicate by event id");
            assertThat(r.findings().keyFindings()).allSatisfy(f ->
                    assertThat(f.sources()).isNotEmpty().allSatisfy(id -> assertThat(r.sourceIds()).contains(id)));
            assertThat(r.findings().keyFindings().get(1).sources()).containsExactly("events.txt");
            assertThat(r.droppedFindings()).containsExactly("Stripe retries for three days");
            assertThat(r.unknownCitations()).containsExactly("blog.example.com", "nowhere.md");
            assertThat(r.findings().codeExamples().get(0).source()).isNull();
            assertThat(r.summarised()).isFalse();
            assertThat(r.usage().calls()).isEqualTo(1);
            assertThat(r.usage().cost()).hasValueSatisfying(c -> assertThat(c).isPositive());
            assertThat(llm.usageStats().byAgent()).containsKey(ResearcherAgent.DEFAULT_AGENT_ID);

            String prompt = Llms.text(gemini.requests().get(0));
            assertThat(prompt).contains("[source: signatures.md]").contains("[source: events.txt]")
                    .contains("Source ids you may cite: signatures.md, events.txt");
            assertThat(gemini.requests().get(0).responseSchema().name()).isEqualTo("ResearchFindings");
        }
    }

    @Test
    void longSourcesAreSummarisedChunkByChunkWithinTheTokenBudget() {
        String para = "Stripe signs each webhook with a timestamp and an HMAC of the payload using the endpoint secret. ";
        String longText = (para.repeat(6) + "\n\n").repeat(6);
        ResearchSource big = ResearchSource.of(new SourceDocument("guide.md", "Guide", longText));
        gemini.byDefault(req -> {
            String system = req.systemPrompt();
            String answer = system.startsWith("Extract") ? "{\"notes\":[\"an HMAC signs every payload\"]}"
                    : "{\"keyFindings\":[{\"finding\":\"HMAC signatures\",\"sources\":[\"guide.md\"]}],"
                    + "\"recommendedLibraries\":[],\"codeExamples\":[],\"pitfalls\":[],\"confidence\":0.6}";
            return new io.q2o.llm.spi.ProviderResponse(answer, Llms.GEMINI_MODEL, io.q2o.llm.FinishReason.STOP, Llms.TOKENS,
                    List.of(), List.of());
        });
        try (LlmService llm = llms.build()) {
            ResearcherAgent agent = ResearcherAgent.builder().llm(llm).chunkTokens(200).contextTokens(400).build();
            int chunks = new Chunker(200).chunk(big.documents().get(0)).size();

            ResearchResult r = agent.research("How are webhooks signed?", big);

            assertThat(chunks).isGreaterThan(2);
            assertThat(r.summarised()).isTrue();
            assertThat(r.success()).isTrue();
            List<ProviderRequest> sent = gemini.requests();
            assertThat(sent).hasSize(chunks + 1);
            String synthesis = Llms.text(sent.get(sent.size() - 1));
            assertThat(synthesis).contains("an HMAC signs every payload").doesNotContain(para.strip());
            assertThat(Chunker.tokens(synthesis)).isLessThan(Chunker.tokens(longText));
            assertThat(r.usage().calls()).isEqualTo(chunks + 1);
        }
    }

    @Test
    void chunksNeverExceedTheLimitAndKeepEveryWord() {
        String text = "alpha beta gamma delta\n".repeat(200) + "\n\n" + "x".repeat(5000);
        Chunker chunker = new Chunker(50);
        List<Chunker.Chunk> chunks = chunker.chunk(new SourceDocument("d", null, text));

        assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(50));
        String joined = String.join("", chunks.stream().map(Chunker.Chunk::text).toList()).replaceAll("\\s", "");
        assertThat(joined).isEqualTo(text.replaceAll("\\s", ""));
        assertThat(chunks.get(0).label()).isEqualTo("d#0");
        assertThatThrownBy(() -> new Chunker(3)).hasMessageContaining("at least 16");
    }

    @Test
    void folderSourceReadsMarkdownAndTextWithRelativeIdsAndHeadings(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("b.md"), "# Webhooks\nbody");
        Files.writeString(dir.resolve("sub/a.txt"), "plain");
        Files.writeString(dir.resolve("image.png"), "not text");

        List<SourceDocument> docs = new FolderSource(dir).documents();

        assertThat(docs).extracting(SourceDocument::id).containsExactly("b.md", "sub/a.txt");
        assertThat(docs.get(0).title()).isEqualTo("Webhooks");
        assertThat(docs.get(1).title()).isEqualTo("sub/a.txt");
        assertThatThrownBy(() -> new FolderSource(dir.resolve("missing"))).hasMessageContaining("missing")
                .hasMessageContaining("not a directory");
    }

    @Test
    void duplicateSourceIdsAndBlankQuestionsAreRefused() {
        try (LlmService llm = llms.build()) {
            ResearcherAgent agent = ResearcherAgent.builder().llm(llm).build();
            ResearchSource dup = ResearchSource.of(new SourceDocument("x.md", null, "a"), new SourceDocument("x.md", null, "b"));
            assertThatThrownBy(() -> agent.research("q", dup)).hasMessageContaining("'x.md'");
            assertThatThrownBy(() -> agent.research(" ", SOURCES)).hasMessageContaining("question");
            assertThat(agent.research("q", ResearchSource.of()).error()).contains("no research sources");
            assertThatThrownBy(() -> ResearcherAgent.builder().build()).hasMessageContaining("LlmService");
            assertThatThrownBy(() -> ResearcherAgent.builder().llm(llm).contextTokens(100).build())
                    .hasMessageContaining("contextTokens");
        }
    }

    @Test
    void theCoderAgentReceivesTheFindingsAsItsResearchContext(@TempDir Path out) {
        gemini.answer(Llms.GEMINI_MODEL, findings("signatures.md", "events.txt", "signatures.md", "signatures.md"),
                Llms.TOKENS);
        gemini.answer(Llms.GEMINI_MODEL, "def handle(event):\n    return event\n", Llms.TOKENS);
        try (LlmService llm = llms.build()) {
            ResearchResult r = ResearcherAgent.builder().llm(llm).build().research("Stripe webhooks", SOURCES);
            Map<String, Object> context = r.toResearchContext();
            CoderAgent coder = CoderAgent.builder().llm(llm).outputRoot(out).build();
            Task task = Task.builder().id("t2").title("Webhook").techStack("FastAPI")
                    .component(CodeComponent.builder().name("handler").outputPath("app/handler.py").build())
                    .researchContext(context).build();

            assertThat(coder.processTask(task).components().get(0).succeeded()).isTrue();

            assertThat(context).containsKeys("key_findings", "recommended_libraries", "code_examples", "pitfalls", "confidence");
            String codePrompt = Llms.text(gemini.requests().get(1));
            assertThat(codePrompt).contains("Research Findings").contains("Deduplicate by event id")
                    .contains("signatures.md");
        }
    }
}
