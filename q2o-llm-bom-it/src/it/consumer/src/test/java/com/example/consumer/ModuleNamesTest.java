package com.example.consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module's jar, as a user gets it, has a stable module name (Automatic-Module-Name): on the
 * module path it is that name, not one guessed from the file name (which would be e.g. "llm.core").
 */
class ModuleNamesTest {

    @ParameterizedTest
    @CsvSource({
            "io.q2o.llm.LlmService,                       io.q2o.llm.core",
            "io.q2o.llm.openai.OpenAiProviderFactory,     io.q2o.llm.openai",
            "io.q2o.llm.gemini.GeminiProviderFactory,     io.q2o.llm.gemini",
            "io.q2o.llm.anthropic.AnthropicProviderFactory, io.q2o.llm.anthropic",
            "io.q2o.llm.testing.ReplayServer,             io.q2o.llm.testing",
            "io.q2o.llm.redis.RedisSharedStateProvider,   io.q2o.llm.redis",
            "io.q2o.llm.micrometer.LlmMetrics,            io.q2o.llm.micrometer",
            "io.q2o.coder.CoderAgent,                     io.q2o.coder",
            "io.q2o.llm.mcp.McpToolSource,                io.q2o.llm.mcp",
            "io.q2o.agents.orchestrator.OrchestratorAgent, io.q2o.agents",
    })
    void jarHasItsModuleName(String className, String moduleName) throws Exception {
        Path jar = Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).endsWith(".jar");

        Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
        assertThat(found).hasSize(1);
        ModuleDescriptor module = found.iterator().next().descriptor();

        assertThat(module.name()).isEqualTo(moduleName);
        assertThat(module.isAutomatic()).isTrue();
        String root = className.substring(0, className.lastIndexOf('.'));
        assertThat(module.packages()).contains(root);
    }
}
