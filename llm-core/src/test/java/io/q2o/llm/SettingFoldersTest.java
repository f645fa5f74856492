package io.q2o.llm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A folder setting that cannot be a folder fails the build with a ConfigException naming it. */
class SettingFoldersTest {

    @ParameterizedTest
    @ValueSource(strings = {"Q2O_LLM_USAGE_DIR", "Q2O_LLM_CACHE_DIR"})
    void aFileInTheWayIsAConfigExceptionNamingTheVariableAndThePath(String variable, @TempDir Path tmp)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        for (Path target : new Path[]{file, file.resolve("below")}) {
            Fixture fx = new Fixture().set(variable, target.toString()).set("Q2O_LLM_CACHE_PERSIST", "true")
                    .set("Q2O_LLM_CACHE_ENABLED", "true");
            fx.provider("gemini", "gemini-2.5-pro");

            Throwable t = catchThrowable(() -> fx.build().close());

            assertThat(t).as("%s=%s", variable, target).isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) t).variable()).isEqualTo(variable);
            assertThat(t.getMessage()).contains(variable, target.toString(), "not a folder");
            assertThat(Files.readString(file)).as("the file in the way is left alone").isEqualTo("x");
        }
    }
}
