package com.example.consumer;

import org.junit.jupiter.api.Test;

import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-core's {@code io.q2o.llm.internal} packages are not API: the jars are automatic modules, which
 * export every package, so the boundary is kept by the build instead. No other published module's
 * classes refer to anything in them (a reference would be a class name {@code io/q2o/llm/internal/…}
 * in the class file), so each module works against llm-core's API alone.
 */
class InternalPackagesTest {

    private static final byte[] INTERNAL = "io/q2o/llm/internal/".getBytes(StandardCharsets.UTF_8);

    @Test
    void noModuleButLlmCoreRefersToItsInternalPackages() throws Exception {
        List<String> checked = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        Enumeration<URL> manifests = ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF");
        for (URL url : Collections.list(manifests)) {
            if (!"jar".equals(url.getProtocol())) {
                continue;
            }
            Path jarPath = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
            Path group = jarPath.getParent().getParent().getParent();
            String artifact = jarPath.getParent().getParent().getFileName().toString();
            if (!group.endsWith(Path.of("io", "q2o")) || artifact.equals("llm-core")) {
                continue;
            }
            checked.add(artifact);
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().endsWith(".class")
                            && contains(jar.getInputStream(e).readAllBytes(), INTERNAL)) {
                        offenders.add(artifact + ": " + e.getName());
                    }
                }
            }
        }
        assertThat(checked).as("the other modules' jars").contains("llm-openai", "llm-redis", "llm-postgres",
                "llm-spring-boot-starter", "coder-agent", "agents");
        assertThat(offenders).as("classes that use llm-core's internal packages").isEmpty();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
