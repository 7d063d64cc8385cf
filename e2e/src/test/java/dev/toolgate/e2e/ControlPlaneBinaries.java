package dev.toolgate.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code scripts/kube-control-plane.sh} put etcd, kube-apiserver and kubectl: the script is the one place the
 * version is pinned, so the tests ask it ({@code --print-dir}) instead of repeating the version.
 *
 * @param testDir kube-api-test's folder ({@code $KUBE_API_TEST_DIR}, default {@code ~/.kubeapitest})
 * @param version the Kubernetes version, e.g. {@code 1.34.4}
 */
public record ControlPlaneBinaries(Path testDir, String version) {
    static final List<String> NAMES = List.of("etcd", "kube-apiserver", "kubectl");
    private static final String PLATFORM = "-linux-amd64";

    public Path kubectl() {
        return folder().resolve("kubectl");
    }

    Path folder() {
        return testDir.resolve("k8s").resolve(version + PLATFORM);
    }

    /** The binaries, if all three are there and executable. */
    static Optional<ControlPlaneBinaries> find(Path repository) {
        Path folder = Path.of(printDir(repository));
        String name = folder.getFileName().toString();
        if (!name.endsWith(PLATFORM) || !NAMES.stream().allMatch(n -> Files.isExecutable(folder.resolve(n)))) {
            return Optional.empty();
        }
        return Optional.of(new ControlPlaneBinaries(folder.getParent().getParent(),
                name.substring(0, name.length() - PLATFORM.length())));
    }

    private static String printDir(Path repository) {
        Path script = repository.resolve("scripts/kube-control-plane.sh");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), "--print-dir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " --print-dir failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
