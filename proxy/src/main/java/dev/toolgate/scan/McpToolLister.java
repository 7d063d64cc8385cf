package dev.toolgate.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists every tool of an MCP server over Streamable HTTP: {@code initialize}, {@code notifications/initialized}, then
 * {@code tools/list} following {@code nextCursor} page by page, then the session is ended with a DELETE. Answers may
 * come as JSON or as an SSE stream. Everything the server controls is bounded: {@value #MAX_PAGES} pages,
 * {@value #MAX_TOOLS} tools, {@value #MAX_ANSWER_BYTES} bytes per answer, {@link #TIMEOUT} per request; a server past a
 * bound is reported, not followed.
 */
public final class McpToolLister {
    static final int MAX_PAGES = 100;
    static final int MAX_TOOLS = 5_000;
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private String session;
    private String protocolVersion = PROTOCOL_VERSION;
    private int nextId = 1;
    private boolean negotiated;

    /**
     * @param endpoint the server's MCP endpoint, e.g. {@code http://127.0.0.1:3000/mcp}
     * @param headers  extra request headers, e.g. {@code Authorization}
     */
    public McpToolLister(URI endpoint, Map<String, String> headers) {
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
    }

    /** Every tool definition the server lists, in its order. */
    public List<JsonNode> listTools() throws ScanException {
        try {
            initialize();
            List<JsonNode> tools = new ArrayList<>();
            String cursor = null;
            for (int page = 0; ; page++) {
                if (page == MAX_PAGES) {
                    throw new ScanException("the server lists more than " + MAX_PAGES + " pages of tools; stopped there");
                }
                ObjectNode params = JSON.createObjectNode();
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                JsonNode result = request("tools/list", params);
                JsonNode list = result.path("tools");
                if (!list.isArray()) {
                    throw new ScanException("the tools/list answer has no tools array");
                }
                for (JsonNode tool : list) {
                    if (tools.size() == MAX_TOOLS) {
                        throw new ScanException("the server lists more than " + MAX_TOOLS + " tools; stopped there");
                    }
                    tools.add(tool);
                }
                JsonNode next = result.get("nextCursor");
                if (next == null || next.isNull() || next.asText().isEmpty()) {
                    return tools;
                }
                cursor = next.asText();
            }
        } finally {
            close();
        }
    }

    private void initialize() throws ScanException {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "toolgate-scan").put("version", "1");
        JsonNode result = request("initialize", params);
        if (result.path("protocolVersion").isTextual()) {
            protocolVersion = result.get("protocolVersion").textValue();
        }
        negotiated = true;
        ObjectNode initialized = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
        send(initialized, null);
    }

    private JsonNode request(String method, ObjectNode params) throws ScanException {
        int id = nextId++;
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        JsonNode answer = send(message, id);
        if (answer.has("error")) {
            throw new ScanException(method + " failed: " + answer.get("error").path("message").asText("an error without a message"));
        }
        if (!answer.path("result").isObject()) {
            throw new ScanException("the " + method + " answer has no result object");
        }
        return answer.get("result");
    }

    /** Sends a message; for a request (id not null) returns the answer with that id. */
    private JsonNode send(ObjectNode message, Integer id) throws ScanException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
        decorate(builder);
        HttpResponse<InputStream> response = exchange(builder.build());
        try (InputStream body = new BoundedInput(response.body(), MAX_ANSWER_BYTES)) {
            if (response.statusCode() / 100 != 2) {
                throw new ScanException(message.path("method").asText() + ": the server answered HTTP " + response.statusCode());
            }
            response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> session = s);
            if (id == null) {
                return null;
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode answer = type.startsWith("text/event-stream") ? fromEvents(body, id) : JSON.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw new ScanException(message.path("method").asText() + ": no answer with id " + id);
            }
            return answer;
        } catch (IOException e) {
            throw new ScanException(message.path("method").asText() + ": cannot read the answer (" + e.getMessage() + ")", e);
        }
    }

    /** Reads SSE events until the JSON-RPC answer with {@code id}; server requests and notifications are skipped. */
    private static JsonNode fromEvents(InputStream body, int id) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); ; line = lines.readLine()) {
            if (line == null || line.isEmpty()) {
                if (!data.isEmpty()) {
                    JsonNode event = JSON.readTree(data.toString());
                    data.setLength(0);
                    if (event != null && event.path("id").asInt(-1) == id && (event.has("result") || event.has("error"))) {
                        return event;
                    }
                }
                if (line == null) {
                    return null;
                }
            } else if (line.startsWith("data:")) {
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5)).append('\n');
            }
        }
    }

    private void decorate(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        if (negotiated) {
            builder.header("MCP-Protocol-Version", protocolVersion);
        }
    }

    private HttpResponse<InputStream> exchange(HttpRequest request) throws ScanException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "connection refused"
                    : e instanceof java.net.http.HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                    : e.getMessage() != null ? e.getMessage() : "the connection failed";
            throw new ScanException("cannot reach " + endpoint + " (" + why + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanException("interrupted", e);
        }
    }

    /** Ends the session, if the server gave one; a server that does not support DELETE is fine. */
    private void close() {
        if (session == null) {
            return;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).DELETE();
        decorate(builder);
        try {
            http.send(builder.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the listing is complete; a session the server keeps is its own to expire
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
