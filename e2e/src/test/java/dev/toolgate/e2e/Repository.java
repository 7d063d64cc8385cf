package dev.toolgate.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository checkout the tests run from (Maven runs them in e2e/). */
public final class Repository {
    private Repository() {
    }

    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/kube-control-plane.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/kube-control-plane.sh not found above " + Path.of("").toAbsolutePath());
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
