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
 * OpenAI's wire format: the model asks for both readings in one turn (parallel calls), then for
 * the difference, then answers. They carry no request hash, so the replay server serves them in
 * file-name order. Token counts are those of a typical run of this conversation.
 *
 * <p>Run after changing the answers:
 * {@code mvn -pl demo-poc test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.q2o.demo.BundledAgentAnswers}
 */
public final class BundledAgentAnswers {
    /** The model the answers claim, priced by config/llm_config.json. */
    static final String MODEL = "gpt-4o";

    /** The final answer. */
    static final String ANSWER = "Rome is warmer than Oslo right now: 18.5 °C against 4.0 °C, a difference of 14.5 degrees.";

    private BundledAgentAnswers() {
    }

    /** @return file name → recording, in serving order */
    static Map<String, Recording> recordings() {
        Map<String, Recording> out = new LinkedHashMap<>();
        out.put("openai-agent-1-readings.json", CannedToolCalls.turn(WireProvider.OPENAI, MODEL, List.of(
                new ToolCall("call_weather_oslo", "current_temperature", "{\"city\":\"Oslo\"}"),
                new ToolCall("call_weather_rome", "current_temperature", "{\"city\":\"Rome\"}")), TokenCounts.of(212, 52)));
        out.put("openai-agent-2-difference.json", CannedToolCalls.turn(WireProvider.OPENAI, MODEL, List.of(
                new ToolCall("call_difference", "difference", "{\"a\":18.5,\"b\":4.0}")), TokenCounts.of(301, 24)));
        out.put("openai-agent-3-answer.json", CannedAnswers.text(WireProvider.OPENAI, MODEL, ANSWER, TokenCounts.of(344, 27)));
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
