package dev.toolgate.build;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles are never built here (no container engine), so this runs their build stage without one: it copies
 * exactly what the stage's {@code COPY} lines copy into an empty folder and runs the stage's Maven commands there,
 * offline against the local repository, then checks that the file the image's {@code COPY --from=build} takes exists.
 * A module missing from the {@code COPY} lines fails the build here. {@code dependency:go-offline} steps are skipped:
 * they only download (this machine builds offline), and they change nothing the next step reads.
 * It lives in the operator module because that is built last, so it runs near the end of {@code mvn verify}.
 */
class DockerfileBuildTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path context;

    @ParameterizedTest
    @ValueSource(strings = {"proxy/Dockerfile", "operator/Dockerfile"})
    void theBuildStageBuildsFromWhatItCopies(String dockerfile) throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve(dockerfile));
        Path workdir = context;
        String artifact = null;
        int stage = 0;
        for (String raw : lines) {
            String line = raw.strip();
            String[] words = line.split("\\s+");
            if (line.startsWith("FROM ")) {
                stage++;
            } else if (stage == 1 && line.startsWith("COPY ")) {
                copy(ROOT.resolve(words[1]), words[2].endsWith("/") || words[2].equals(".")
                        ? context.resolve(words[2]).resolve(Path.of(words[1]).getFileName().toString())
                        : context.resolve(words[2]));
            } else if (stage == 1 && line.startsWith("RUN mvn ") && !line.contains("dependency:go-offline")) {
                run(workdir, words);
            } else if (stage == 2 && line.startsWith("COPY --from=build ")) {
                artifact = words[2].replaceFirst("^/src/", "");
            }
        }
        assertThat(artifact).as("the image copies a file from the build stage").isNotNull();
        assertThat(context.resolve(artifact)).as(dockerfile + " builds what its image copies").isRegularFile();
    }

    private static void copy(Path from, Path to) throws IOException {
        assertThat(from).as("COPY source").exists();
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The stage's Maven command, offline, in the copied tree. */
    private static void run(Path workdir, String[] words) throws Exception {
        List<String> command = new ArrayList<>(List.of(words).subList(1, words.length));
        command.add(1, "-o");
        Path log = Files.createTempFile("dockerfile-build", ".log");
        Process maven = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = maven.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(finished && maven.exitValue() == 0).as(String.join(" ", command) + " failed:\n" + output).isTrue();
    }
}
