package dev.toolgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate FILE...} through the jar's entry point. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    /**
     * A sample policy of the policy module's tests as a file: they come in its test jar, so the file is a copy in a
     * temporary folder (the commands read paths).
     */
    static String resource(String name) throws IOException {
        Path copy = Files.createTempDirectory("toolgate-policy").resolve(name);
        copy.toFile().deleteOnExit();
        copy.getParent().toFile().deleteOnExit();
        try (InputStream sample = ValidateCommandTest.class.getResourceAsStream("/policies/" + name)) {
            Files.copy(Objects.requireNonNull(sample, name), copy);
        }
        return copy.toString();
    }

    @Test
    void validFilesPrintOkAndExitZero() throws Exception {
        String json = resource("seed-run_workflow.json");
        String yaml = resource("conductor-intercept.yaml");
        CliRun run = CliRun.of("validate", json, yaml);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(json + ": ok", yaml + ": ok");
    }

    @Test
    void everyErrorOfEveryFileIsPrintedWithItsPathAndTheExitCodeIsOne() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"version\": \"1\", \"tools\": {\"run_workflow\": {\"limits\": "
                + "[{\"counter\": \"r\", \"window\": \"minit\", \"max\": 10}]}}, \"defaults\": \"deny\"}");
        String good = resource("seed-run_workflow.json");
        CliRun run = CliRun.of("validate", bad.toString(), good);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                bad + ": defaults: unknown field in a policy; did you mean \"default\"? known fields: version, description, default, hide, tools, grants, classes",
                bad + ": tools.run_workflow.limits[0].window: \"minit\" is not a window; use second, minute, hour, day or a number of seconds",
                good + ": ok");
    }

    @Test
    void aMissingFileIsAnErrorLine() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        CliRun run = CliRun.of("validate", missing.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith(missing + ": cannot read the file:");
    }

    @Test
    void noFileIsAUsageError() throws Exception {
        CliRun run = CliRun.of("validate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("usage: validate FILE...");
    }
}
