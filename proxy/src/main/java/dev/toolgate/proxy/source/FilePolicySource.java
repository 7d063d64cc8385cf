package dev.toolgate.proxy.source;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.PolicyLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A policy file, watched. The file must be valid at start (else {@link #start} throws with every error). Later
 * changes are picked up through a {@link WatchService} on the file's directory (so editors' rename-over writes and
 * Kubernetes' symlink swaps are seen), debounced so a half-written file is not read, and backed by a once-a-second
 * check of the file's content for file systems that do not report changes. A change that leaves the content as it
 * was is ignored; a valid one is handed on (the engine swaps it in, counters kept); an invalid one is reported and
 * the last good policy stays.
 */
public final class FilePolicySource implements PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(FilePolicySource.class);
    private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final Duration debounce;
    private WatchService watcher;
    private Thread thread;
    private volatile boolean closed;
    private byte[] lastDigest;

    public FilePolicySource(Path file) {
        this(file, Duration.ofMillis(200));
    }

    public FilePolicySource(Path file, Duration debounce) {
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
    }

    @Override
    public void start(Listener listener) throws IOException, InvalidPolicyException {
        byte[] content = Files.readAllBytes(file);
        listener.onPolicy(PolicyLoader.load(file));
        lastDigest = digest(content);
        watcher = FileSystems.getDefault().newWatchService();
        file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(() -> watch(listener), "toolgate-policy-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(Listener listener) {
        long changedAt = -1;
        long lastPoll = System.nanoTime();
        try {
            while (!closed) {
                WatchKey key = watcher.poll(Math.max(10, debounce.toMillis() / 2), TimeUnit.MILLISECONDS);
                if (key != null) {
                    if (key.pollEvents().stream().anyMatch(this::concernsPolicy)) {
                        changedAt = System.nanoTime();
                    }
                    key.reset();
                }
                long now = System.nanoTime();
                if (changedAt < 0 && now - lastPoll >= POLL_NANOS) {
                    lastPoll = now;
                    changedAt = contentChanged() ? now - debounce.toNanos() : -1;
                }
                if (changedAt >= 0 && now - changedAt >= debounce.toNanos()) {
                    changedAt = -1;
                    reload(listener);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /**
     * The policy file itself, or one of the {@code ..}-names Kubernetes swaps when a mounted ConfigMap changes;
     * other files in the directory (an audit log written next to the policy, say) do not start a debounce.
     */
    private boolean concernsPolicy(WatchEvent<?> event) {
        if (!(event.context() instanceof Path name)) {
            return true; // OVERFLOW: events were lost, so look
        }
        return name.equals(file.getFileName()) || name.toString().startsWith("..");
    }

    private boolean contentChanged() {
        try {
            return !Arrays.equals(lastDigest, digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return false;
        }
    }

    private void reload(Listener listener) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            listener.onInvalid(List.of(new PolicyError("", file + ": cannot be read (" + e + ")")));
            return;
        }
        byte[] digest = digest(content);
        if (Arrays.equals(digest, lastDigest)) {
            return;
        }
        lastDigest = digest;
        try {
            CompiledPolicy policy = PolicyLoader.load(file);
            LOG.info("policy file {} changed; reloading", file);
            listener.onPolicy(policy);
        } catch (InvalidPolicyException e) {
            listener.onInvalid(e.errors());
        } catch (IOException | RuntimeException e) {
            listener.onInvalid(List.of(new PolicyError("", file + ": " + e.getMessage())));
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
    }
}
