package dev.toolgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary against the test API server, as users run it. */
public record Kubectl(Path binary, Path kubeconfig, List<String> identity) {
    /** What a kubectl run printed, and how it ended. */
    public record Result(int exitCode, String out, String err) {
        public Result orFail() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited " + exitCode + ": " + err + out);
            }
            return this;
        }
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs kubectl with {@code stdin} on its standard input (for {@code apply -f -}). */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(identity);
        command.addAll(List.of(args));
        return exec(command, java.util.Map.of(), stdin);
    }

    /**
     * Runs {@code command} from the repository root with {@code env} added to this JVM's environment and {@code stdin}
     * (may be null) on its standard input; it must end within 60 s.
     */
    static Result exec(List<String> command, java.util.Map<String, String> env, String stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.root().toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            var out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            var err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
