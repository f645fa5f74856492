package io.q2o.demo;

import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.CannedToolCalls;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.WireProvider;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code agent} command's bundled offline answers
 * ({@code src/main/resources/io/q2o/demo/agent}) for {@link AgentCommand#DEFAULT_QUESTION}, in
 * each provider's wire format: the model asks for both readings in one turn (parallel calls), then
 * for the difference, then answers. They carry no request hash, so the replay server serves each
 * provider's files in file-name order. Token counts are those of a typical run of this
 * conversation.
 *
 * <p>Run after changing the answers:
 * {@code mvn -pl demo-poc test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.q2o.demo.BundledAgentAnswers}
 */
public final class BundledAgentAnswers {
    /** The model each provider's answers claim, priced by config/llm_config.json. */
    static final Map<WireProvider, String> MODELS = Map.of(
            WireProvider.OPENAI, "gpt-4o",
            WireProvider.GEMINI, "gemini-2.5-pro",
            WireProvider.ANTHROPIC, "claude-sonnet-4-20250514");

    /** The final answer. */
    static final String ANSWER = "Rome is warmer than Oslo right now: 18.5 °C against 4.0 °C, a difference of 14.5 degrees.";

    private BundledAgentAnswers() {
    }

    /** @return file name → recording, in serving order per provider */
    static Map<String, Recording> recordings() {
        Map<String, Recording> out = new LinkedHashMap<>();
        for (WireProvider p : List.of(WireProvider.OPENAI, WireProvider.GEMINI, WireProvider.ANTHROPIC)) {
            String model = MODELS.get(p);
            String ids = p == WireProvider.ANTHROPIC ? "toolu_" : "call_";
            out.put(p.id() + "-agent-1-readings.json", CannedToolCalls.turn(p, model, List.of(
                    new ToolCall(ids + "weather_oslo", "current_temperature", "{\"city\":\"Oslo\"}"),
                    new ToolCall(ids + "weather_rome", "current_temperature", "{\"city\":\"Rome\"}")),
                    TokenCounts.of(212, 52)));
            out.put(p.id() + "-agent-2-difference.json", CannedToolCalls.turn(p, model, List.of(
                    new ToolCall(ids + "difference", "difference", "{\"a\":18.5,\"b\":4.0}")), TokenCounts.of(301, 24)));
            out.put(p.id() + "-agent-3-answer.json", CannedAnswers.text(p, model, ANSWER, TokenCounts.of(344, 27)));
        }
        return out;
    }

    /**
     * Writes the recordings.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Path dir = Path.of("src/main/resources").resolve(AgentCommand.BUNDLED);
        recordings().forEach((name, r) -> r.write(dir.resolve(name)));
        System.out.println("wrote " + recordings().size() + " recordings to " + dir);
    }
}
