package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The API server's audit log (level Metadata, JSON lines, written before the response is sent): who asked for
 * what, and the status code the API server answered.
 */
public record AuditLog(Path file) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answered request; {@code user} is the impersonated user when there was one. */
    public record Entry(String user, String verb, String uri, int code) {
    }

    public List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> !line.isBlank()).map(AuditLog::entry).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests are logged so far: a test's own requests are those after its mark. */
    public int mark() {
        return entries().size();
    }

    /** The requests logged after the mark. */
    public List<Entry> since(int mark) {
        List<Entry> all = entries();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    /** The requests after the mark made as this user that the API server answered with this status code. */
    public List<Entry> answered(int mark, String user, int code) {
        return since(mark).stream().filter(e -> e.user().equals(user) && e.code() == code).toList();
    }

    private static Entry entry(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            // impersonated requests (how the tests act as a ServiceAccount) are logged under the real user
            JsonNode user = event.has("impersonatedUser") ? event.get("impersonatedUser") : event.path("user");
            return new Entry(user.path("username").asText(), event.path("verb").asText(),
                    event.path("requestURI").asText(), event.path("responseStatus").path("code").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
