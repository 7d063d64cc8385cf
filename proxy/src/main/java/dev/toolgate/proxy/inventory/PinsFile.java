package dev.toolgate.proxy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.policy.risk.ToolFingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Accepted definitions from a file in {@code scan --format json}'s shape: {@code {"tools": [{"name": ...,
 * "sha256": ..., "parts": {...}}]}} ({@code parts} optional; other fields ignored). Accepting a changed definition is
 * editing the file (or writing a new scan into it): the file is looked at again at most every {@link #RECHECK} and
 * re-read when its modification time changed. A file that cannot be read keeps the last good pins (none at first), and
 * the proxy then pins each tool to the first definition it sees.
 */
public final class PinsFile implements AcceptedPins {
    static final Duration RECHECK = Duration.ofSeconds(1);
    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(PinsFile.class);

    private final Path file;
    private final Clock clock;
    private volatile Map<String, ToolFingerprint> pins = Map.of();
    private volatile FileTime modified;
    private volatile Instant checked = Instant.MIN;

    public PinsFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        reload();
    }

    @Override
    public Map<String, ToolFingerprint> accepted() {
        Instant now = clock.instant();
        if (!now.isBefore(checked.plus(RECHECK))) {
            checked = now;
            reload();
        }
        return pins;
    }

    private synchronized void reload() {
        try {
            FileTime time = Files.getLastModifiedTime(file);
            if (time.equals(modified)) {
                return;
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            pins = parse(JSON.readTree(file.toFile()));
            modified = time;
            LOG.info("tool pins: {} accepted definition(s) from {}", pins.size(), file);
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("tool pins: cannot read {} ({}); the last good pins stay", file, e.getMessage());
        }
    }

    static Map<String, ToolFingerprint> parse(JsonNode document) {
        JsonNode tools = document == null ? null : document.get("tools");
        if (tools == null || !tools.isArray()) {
            throw new IllegalArgumentException("expected {\"tools\": [{\"name\": ..., \"sha256\": ...}]} as scan --format json writes it");
        }
        Map<String, ToolFingerprint> pins = new HashMap<>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText("");
            String sha256 = tool.path("sha256").asText("");
            if (name.isEmpty() || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("each tool needs a name and a sha256 of 64 lowercase hex digits; got " + tool);
            }
            Map<String, String> parts = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tool.path("parts").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> part = it.next();
                parts.put(part.getKey(), part.getValue().asText());
            }
            pins.put(name, new ToolFingerprint(sha256, parts));
        }
        return Map.copyOf(pins);
    }
}
