package io.q2o.coder.write;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputRootTest {
    @TempDir
    Path tmp;

    private List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void writesUnderTheRootCreatingDirectories() throws IOException {
        OutputRoot root = new OutputRoot(tmp.resolve("out"));
        Path written = root.write("app/api/./items.py", "x = 1\n");
        assertThat(written).isEqualTo(root.root().resolve("app/api/items.py"));
        assertThat(Files.readString(written)).isEqualTo("x = 1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-r--r--");
        assertThat(root.write("app\\api\\items.py", "x = 2\n")).isEqualTo(written);
        assertThat(Files.readString(written)).isEqualTo("x = 2\n");
        assertThat(entries(root.root().resolve("app/api"))).containsExactly(written);
    }

    @Test
    void refusesAbsolutePathsAndParentSegmentsWithoutWritingAnything() throws IOException {
        Path rootDir = tmp.resolve("out");
        OutputRoot root = new OutputRoot(rootDir);
        for (String bad : List.of("../x.py", "/etc/passwd", "a/../../x.py", "..", "a/..", "C:/Windows/x.py",
                "\\\\server\\share\\x.py", "..\\x.py", "~/x.py", "", "  ", "dir/", "a\0b.py")) {
            assertThatThrownBy(() -> root.write(bad, "pwned"))
                    .as("path %s", bad).isInstanceOf(UnsafePathException.class);
        }
        assertThat(entries(rootDir)).isEmpty();
        assertThat(tmp.resolve("x.py")).doesNotExist();
        assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("pwned");
    }

    @Test
    void refusesASymlinkedDirectoryThatLeavesTheRoot() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path rootDir = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(rootDir.resolve("escape"), outside);
        Files.createDirectories(rootDir.resolve("nested"));
        Files.createSymbolicLink(rootDir.resolve("nested/deeper"), tmp);
        OutputRoot root = new OutputRoot(rootDir);

        assertThatThrownBy(() -> root.write("escape/x.py", "pwned")).isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("'escape' is a symbolic link that leaves the output root");
        assertThatThrownBy(() -> root.write("escape/sub/dir/x.py", "pwned")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> root.write("nested/deeper/outside/x.py", "pwned")).isInstanceOf(UnsafePathException.class);

        assertThat(entries(outside)).isEmpty();
        assertThat(tmp.resolve("outside/sub")).doesNotExist();
    }

    @Test
    void followsASymlinkThatStaysInsideTheRoot() throws IOException {
        Path rootDir = Files.createDirectories(tmp.resolve("out"));
        Files.createDirectories(rootDir.resolve("real"));
        Files.createSymbolicLink(rootDir.resolve("alias"), rootDir.resolve("real"));
        OutputRoot root = new OutputRoot(rootDir);

        Path written = root.write("alias/x.py", "ok\n");

        assertThat(written).isEqualTo(root.root().resolve("real/x.py"));
        assertThat(Files.readString(rootDir.resolve("real/x.py"))).isEqualTo("ok\n");
    }

    @Test
    void refusesToReplaceALinkOrADirectory() throws IOException {
        Path rootDir = Files.createDirectories(tmp.resolve("out"));
        Path target = Files.writeString(tmp.resolve("secret.txt"), "keep");
        Files.createSymbolicLink(rootDir.resolve("link.py"), target);
        Files.createDirectories(rootDir.resolve("dir.py"));
        OutputRoot root = new OutputRoot(rootDir);

        assertThatThrownBy(() -> root.write("link.py", "pwned")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> root.write("dir.py", "x")).hasMessageContaining("is a directory");
        assertThat(Files.readString(target)).isEqualTo("keep");
    }

    @Test
    void aSessionRefusesTheSamePathTwiceAndLeavesNoTemporaryFiles() throws IOException {
        OutputRoot root = new OutputRoot(tmp.resolve("out"));
        OutputRoot.Session session = root.newSession();
        session.write("app/models.py", "first\n", "models");

        assertThatThrownBy(() -> session.write("app//models.py", "second\n", "schemas"))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("already written in this task by component 'models'");
        assertThatThrownBy(() -> session.write("APP/Models.py", "second\n", "schemas")).isInstanceOf(UnsafePathException.class);
        assertThat(Files.readString(root.root().resolve("app/models.py"))).isEqualTo("first\n");
        assertThat(entries(root.root().resolve("app"))).extracting(p -> p.getFileName().toString()).containsExactly("models.py");
        root.newSession().write("app/models.py", "next task\n", "models");
        assertThat(Files.readString(root.root().resolve("app/models.py"))).isEqualTo("next task\n");
    }

    @Test
    void aFileInTheWayOfADirectoryIsRefused() throws IOException {
        OutputRoot root = new OutputRoot(tmp.resolve("out"));
        root.write("app", "a file\n");
        assertThatThrownBy(() -> root.write("app/x.py", "x")).hasMessageContaining("exists and is not a directory");
        assertThatThrownBy(() -> new OutputRoot(root.root().resolve("app"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longLegalNamesAreWrittenExactlyAndNoTemporaryFileIsLeft() throws IOException {
        OutputRoot root = new OutputRoot(tmp.resolve("out"));
        for (String name : new String[] {"a".repeat(240) + ".py", "b".repeat(251) + ".txt", "é".repeat(126) + ".py",
                "name with inner spaces.py", "x.py.", "~tilde-inside~.py".substring(1)}) {
            Path written = root.write("dir/" + name, "content of " + name.length());
            assertThat(written.getFileName().toString()).isEqualTo(name);
            assertThat(Files.readString(written)).isEqualTo("content of " + name.length());
        }
        assertThat(entries(root.root().resolve("dir"))).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void namesThatCannotBeWrittenAsGivenAreRefusedClearlyAndNothingIsWritten() throws IOException {
        OutputRoot root = new OutputRoot(tmp.resolve("out"));
        String[][] cases = {
                {"x.py ", "whitespace"}, {"dir/ x.py", "whitespace"}, {"dir /x.py", "whitespace"},
                {"x.py\u00a0", "whitespace"}, {"x\r.py", "control character U+000D"}, {"x\u007f.py", "U+007F"},
                {"x\u0000.py", "U+0000"}, {"a".repeat(253) + ".py", "256 bytes"}, {"é".repeat(127) + ".py", "257 bytes"},
                {"x\ud800.py", "unpaired surrogate"}, {("d".repeat(200) + "/").repeat(20) + "x.py", "longer than"}};
        for (String[] c : cases) {
            assertThatThrownBy(() -> root.write(c[0], "x")).as(c[0]).isInstanceOf(UnsafePathException.class)
                    .hasMessageContaining(c[1]).message().doesNotContain("\r", "\u0000");
        }
        assertThat(entries(root.root())).isEmpty();
    }
}
