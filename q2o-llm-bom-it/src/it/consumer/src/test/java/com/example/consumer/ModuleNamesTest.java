package com.example.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module's jar, as a user gets it, has a stable module name (Automatic-Module-Name): on the
 * module path it is that name, not one guessed from the file name (which would be e.g. "llm.core").
 * And this project depends on every module the BOM manages: a module added to the BOM but not here
 * fails {@link #everyModuleOfTheBomIsOnTheClassPathWithItsModuleName()}.
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
            "io.q2o.llm.postgres.PostgresLedgerShipper,   io.q2o.llm.postgres",
            "io.q2o.llm.opentelemetry.LlmTracing,         io.q2o.llm.opentelemetry",
            "io.q2o.llm.spring.LlmAutoConfiguration,      io.q2o.llm.spring",
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

    /** The stable module name of every module the BOM manages (the names are API: they never change). */
    private static final Map<String, String> MODULES = new TreeMap<>(Map.ofEntries(
            Map.entry("llm-core", "io.q2o.llm.core"),
            Map.entry("llm-openai", "io.q2o.llm.openai"),
            Map.entry("llm-gemini", "io.q2o.llm.gemini"),
            Map.entry("llm-anthropic", "io.q2o.llm.anthropic"),
            Map.entry("llm-testing", "io.q2o.llm.testing"),
            Map.entry("llm-redis", "io.q2o.llm.redis"),
            Map.entry("llm-postgres", "io.q2o.llm.postgres"),
            Map.entry("llm-micrometer", "io.q2o.llm.micrometer"),
            Map.entry("llm-opentelemetry", "io.q2o.llm.opentelemetry"),
            Map.entry("llm-spring-boot-starter", "io.q2o.llm.spring"),
            Map.entry("llm-mcp", "io.q2o.llm.mcp"),
            Map.entry("coder-agent", "io.q2o.coder"),
            Map.entry("agents", "io.q2o.agents")));

    private static final Pattern BOM_MODULE = Pattern.compile(
            "<groupId>\\s*io\\.q2o\\s*</groupId>\\s*<artifactId>\\s*([^<\\s]+)\\s*</artifactId>");

    @Test
    void everyModuleOfTheBomIsOnTheClassPathWithItsModuleName() throws Exception {
        Map<String, Path> ours = q2oJarsOnTheClassPath();
        Path llmCore = ours.get("llm-core");
        assertThat(llmCore).as("llm-core on the class path").isNotNull();
        // <repository>/io/q2o/llm-core/<version>/llm-core-<version>.jar -> the BOM's pom beside it
        String version = llmCore.getParent().getFileName().toString();
        Path bom = llmCore.getParent().getParent().getParent()
                .resolve("q2o-llm-bom").resolve(version).resolve("q2o-llm-bom-" + version + ".pom");
        Set<String> managed = new LinkedHashSet<>();
        String text = Files.readString(bom).replaceAll("(?s)<!--.*?-->", "");
        // only the managed dependencies, not the BOM's own coordinates at the top nor its comments
        Matcher m = BOM_MODULE.matcher(text.substring(text.indexOf("<dependencyManagement>")));
        while (m.find()) {
            managed.add(m.group(1));
        }

        assertThat(managed).as("the modules " + bom + " manages (a new one: add it to this project's pom.xml,"
                + " give it a smoke test and its module name here)").hasSameElementsAs(MODULES.keySet());
        assertThat(ours.keySet()).as("io.q2o jars on this project's class path").containsAll(managed);
        for (String artifact : managed) {
            Set<ModuleReference> found = ModuleFinder.of(ours.get(artifact)).findAll();
            assertThat(found).as(artifact).hasSize(1);
            ModuleDescriptor module = found.iterator().next().descriptor();
            assertThat(module.name()).as(artifact + "'s module name").isEqualTo(MODULES.get(artifact));
            String declared;
            try (JarFile jar = new JarFile(ours.get(artifact).toFile())) {
                declared = jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
            }
            assertThat(declared).as(artifact + "'s Automatic-Module-Name (not one guessed from the file name)")
                    .isEqualTo(MODULES.get(artifact));
        }
    }

    /** @return artifactId -> jar, for every io.q2o jar the class loader sees (surefire may pass them in a manifest) */
    private static Map<String, Path> q2oJarsOnTheClassPath() throws Exception {
        Map<String, Path> out = new TreeMap<>();
        for (URL url : Collections.list(ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF"))) {
            if (!"jar".equals(url.getProtocol())) {
                continue;
            }
            URL jarUrl = ((JarURLConnection) url.openConnection()).getJarFileURL();
            Path jar = Path.of(jarUrl.toURI());
            // <repository>/io/q2o/<artifactId>/<version>/<file>.jar
            Path versionDir = jar.getParent();
            Path artifactDir = versionDir == null ? null : versionDir.getParent();
            Path groupDir = artifactDir == null ? null : artifactDir.getParent();
            if (groupDir != null && groupDir.endsWith(Path.of("io", "q2o"))) {
                out.put(artifactDir.getFileName().toString(), jar);
            }
        }
        return out;
    }
}
