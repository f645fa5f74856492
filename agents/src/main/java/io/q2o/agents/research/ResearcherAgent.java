package io.q2o.agents.research;

import io.q2o.agents.AgentUsage;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TypedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The plan's Phase 2 ResearcherAgent: synthesises the documents of a {@link ResearchSource} into
 * findings the CoderAgent uses as its {@code research_context}
 * ({@link ResearchResult#toResearchContext()}).
 *
 * <p>How a run works:
 * <ol>
 *   <li>The documents are cut into chunks of at most {@link Builder#chunkTokens} tokens
 *       ({@link Chunker}).</li>
 *   <li>When all chunks fit the {@link Builder#contextTokens} budget they are sent as they are.
 *       Otherwise each chunk is summarised first (one typed {@link ChunkNotes} call per chunk,
 *       at most {@link Builder#summaryTokens} output tokens each) and the notes are sent instead;
 *       notes beyond the budget are left out (logged).</li>
 *   <li>One typed call returns {@link ResearchFindings}: key findings each citing source ids,
 *       libraries with versions, code examples, pitfalls, confidence.</li>
 *   <li>Citations are checked against the ids given ({@link CitationCheck}): unknown ids are
 *       removed and reported, findings without a valid citation are dropped and reported.</li>
 * </ol>
 * Every call is tagged with the agent id (default {@value #DEFAULT_AGENT_ID}) and the task id, so
 * usage statistics show the researcher's cost. Thread-safe; does not own the {@link LlmService}.
 */
public final class ResearcherAgent {
    private static final Logger log = LoggerFactory.getLogger(ResearcherAgent.class);

    /** Default agent id. */
    public static final String DEFAULT_AGENT_ID = "researcher_main";

    static final String SYSTEM_PROMPT = "You are a research analyst preparing knowledge for a code generator.\n"
            + "Use ONLY the sources given; never rely on memory for facts. Every key finding must cite the id(s) of the "
            + "source(s) it comes from, exactly as written in the [source: ...] labels. Recommend libraries with "
            + "versions, give short code examples, list pitfalls, and rate your confidence from 0.0 to 1.0.";

    static final String SUMMARY_PROMPT = "Extract from this excerpt the facts that matter for the question: APIs, "
            + "versions, required steps, security rules, pitfalls. One fact per note; no facts that are not in the excerpt.";

    private final LlmService llm;
    private final String agentId;
    private final Chunker chunker;
    private final int contextTokens;
    private final int summaryTokens;
    private final int maxTokens;
    private final double temperature;

    private ResearcherAgent(Builder b) {
        this.llm = b.llm;
        this.agentId = b.agentId;
        this.chunker = new Chunker(b.chunkTokens);
        this.contextTokens = b.contextTokens;
        this.summaryTokens = b.summaryTokens;
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent id used in request tags */
    public String agentId() {
        return agentId;
    }

    /**
     * Researches a question without a task id.
     *
     * @param question the question or task
     * @param source   the sources
     * @return the result; never throws for LLM failures (see {@link ResearchResult#error()})
     */
    public ResearchResult research(String question, ResearchSource source) {
        return research(question, source, null);
    }

    /**
     * @param question the question or task
     * @param source   the sources
     * @param taskId   the task id for request tags, or {@code null}
     * @return the result; never throws for LLM failures (see {@link ResearchResult#error()})
     * @throws IllegalArgumentException if the question is blank or two documents share an id
     */
    public ResearchResult research(String question, ResearchSource source, String taskId) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("research question must not be null or blank");
        }
        Objects.requireNonNull(source, "source");
        List<SourceDocument> docs = source.documents();
        Set<String> ids = new LinkedHashSet<>();
        for (SourceDocument d : docs) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("two research source documents have the id '" + d.id() + "'");
            }
        }
        RequestTags tags = new RequestTags(agentId, taskId, null);
        List<String> idList = List.copyOf(ids);
        if (docs.isEmpty()) {
            return new ResearchResult(question, null, idList, List.of(), List.of(), false, AgentUsage.NONE,
                    "no research sources were given");
        }
        List<Chunker.Chunk> chunks = new ArrayList<>();
        docs.forEach(d -> chunks.addAll(chunker.chunk(d)));
        int total = chunks.stream().mapToInt(Chunker.Chunk::tokens).sum();
        AgentUsage usage = AgentUsage.NONE;
        StringBuilder material = new StringBuilder();
        boolean summarised = total > contextTokens;
        if (!summarised) {
            chunks.forEach(c -> material.append("[source: ").append(c.sourceId()).append("]\n").append(c.text()).append("\n\n"));
        } else {
            log.info("Research sources are {} tokens, over the {}-token budget: summarising {} chunks", total, contextTokens,
                    chunks.size());
            int used = 0;
            for (Chunker.Chunk c : chunks) {
                TypedResponse<ChunkNotes> notes = llm.complete(summaryRequest(question, c, tags), ChunkNotes.class);
                usage = usage.plus(notes);
                if (!notes.success()) {
                    log.warn("Summary of {} failed; leaving it out: {}", c.label(), notes.response().error());
                    continue;
                }
                String block = "[source: " + c.sourceId() + "]\n- " + String.join("\n- ", notes.value().notes()) + "\n\n";
                int t = Chunker.tokens(block);
                if (used + t > contextTokens) {
                    log.warn("Notes of {} do not fit the {}-token research budget; left out", c.label(), contextTokens);
                    continue;
                }
                used += t;
                material.append(block);
            }
        }
        TypedResponse<ResearchFindings> answer = llm.complete(findingsRequest(question, idList, material.toString(), tags),
                ResearchFindings.class);
        usage = usage.plus(answer);
        if (!answer.success()) {
            return new ResearchResult(question, null, idList, List.of(), List.of(), summarised, usage,
                    "research synthesis failed: " + answer.response().error());
        }
        CitationCheck.Checked checked = CitationCheck.check(answer.value(), ids);
        if (!checked.droppedFindings().isEmpty() || !checked.unknownCitations().isEmpty()) {
            log.warn("Research answer cited unknown sources {}; {} finding(s) without a valid citation dropped",
                    checked.unknownCitations(), checked.droppedFindings().size());
        }
        return new ResearchResult(question, checked.findings(), idList, checked.droppedFindings(),
                checked.unknownCitations(), summarised, usage, null);
    }

    private LlmRequest summaryRequest(String question, Chunker.Chunk c, RequestTags tags) {
        return LlmRequest.builder().systemPrompt(SUMMARY_PROMPT)
                .userPrompt("Question: " + question + "\n\nExcerpt " + c.label() + ":\n" + c.text())
                .temperature(temperature).maxTokens(summaryTokens).tags(tags).build();
    }

    private LlmRequest findingsRequest(String question, List<String> ids, String material, RequestTags tags) {
        return LlmRequest.builder().systemPrompt(SYSTEM_PROMPT)
                .userPrompt("Question: " + question + "\n\nSource ids you may cite: " + String.join(", ", ids)
                        + "\n\nSources:\n\n" + material)
                .temperature(temperature).maxTokens(maxTokens).tags(tags).build();
    }

    @Override
    public String toString() {
        return "ResearcherAgent{id=" + agentId + ", chunkTokens=" + chunker.maxTokens() + ", contextTokens=" + contextTokens + "}";
    }

    /**
     * Builder. Required: {@link #llm}. Defaults: agent id {@value ResearcherAgent#DEFAULT_AGENT_ID},
     * chunks of 1,500 tokens, a 6,000-token budget of source material per synthesis call, 512
     * output tokens per chunk summary, 2,048 output tokens for the findings, temperature 0.2.
     * Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private String agentId = DEFAULT_AGENT_ID;
        private int chunkTokens = 1500;
        private int contextTokens = 6000;
        private int summaryTokens = 512;
        private int maxTokens = 2048;
        private double temperature = 0.2;

        private Builder() {
        }

        /** @param llm the service every call goes through; required @return this */
        public Builder llm(LlmService llm) { this.llm = Objects.requireNonNull(llm, "llm"); return this; }

        /** @param agentId the agent id for request tags @return this */
        public Builder agentId(String agentId) { this.agentId = agentId; return this; }

        /** @param tokens largest chunk, at least 16; default 1,500 @return this */
        public Builder chunkTokens(int tokens) { this.chunkTokens = tokens; return this; }

        /** @param tokens budget of source material per synthesis call, at least the chunk size; default 6,000 @return this */
        public Builder contextTokens(int tokens) { this.contextTokens = tokens; return this; }

        /** @param tokens output tokens per chunk summary, at least 64; default 512 @return this */
        public Builder summaryTokens(int tokens) { this.summaryTokens = tokens; return this; }

        /** @param tokens output tokens of the findings call, at least 256; default 2,048 @return this */
        public Builder maxTokens(int tokens) { this.maxTokens = tokens; return this; }

        /** @param temperature 0.0 to 2.0; default 0.2 @return this */
        public Builder temperature(double temperature) { this.temperature = temperature; return this; }

        /**
         * @return the agent
         * @throws IllegalArgumentException naming the setting that is missing or out of range
         */
        public ResearcherAgent build() {
            if (llm == null) {
                throw new IllegalArgumentException("ResearcherAgent needs an LlmService (llm)");
            }
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId must not be null or blank");
            }
            if (chunkTokens < 16) {
                throw new IllegalArgumentException("chunkTokens must be at least 16, was " + chunkTokens);
            }
            if (contextTokens < chunkTokens) {
                throw new IllegalArgumentException("contextTokens (" + contextTokens + ") must be at least chunkTokens ("
                        + chunkTokens + ")");
            }
            if (summaryTokens < 64) {
                throw new IllegalArgumentException("summaryTokens must be at least 64, was " + summaryTokens);
            }
            if (maxTokens < 256) {
                throw new IllegalArgumentException("maxTokens must be at least 256, was " + maxTokens);
            }
            if (Double.isNaN(temperature) || temperature < 0.0 || temperature > 2.0) {
                throw new IllegalArgumentException("temperature must be 0.0 to 2.0, was " + temperature);
            }
            return new ResearcherAgent(this);
        }
    }
}
