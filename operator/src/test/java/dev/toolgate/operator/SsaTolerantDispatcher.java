package dev.toolgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The mock API server's CRUD dispatcher, taught enough server-side apply to run the operator as production does:
 * an apply PATCH is merged into the stored object as a JSON merge patch (RFC 7386: objects merge, lists and scalars
 * are replaced, as SSA does for atomic lists) and stored with PUT, or created when it does not exist yet. It keeps no
 * managedFields, so JOSDK's SSA matcher sees every object as changed: good for "does it work", not for idempotency.
 */
public final class SsaTolerantDispatcher extends KubernetesCrudDispatcher {
    private static final String APPLY = "application/apply-patch+yaml";
    private static final String STATUS = "/status";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.util.Set<String> applied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Paths that received a server-side apply, e.g. {@code /apis/apps/v1/namespaces/ns/deployments/x}. */
    public java.util.Set<String> appliedPaths() {
        return java.util.Set.copyOf(applied);
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY)) {
            return super.handlePatch(request);
        }
        String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
        applied.add(path);
        String objectPath = path.endsWith(STATUS) ? path.substring(0, path.length() - STATUS.length()) : path;
        JsonNode applied = read(request.getBody().getBytes());
        MockResponse current = handleGet(objectPath);
        if (current.code() == 404) {
            if (path.endsWith(STATUS)) {
                return current;
            }
            return handleCreate(copy(request, HttpMethod.POST, objectPath.substring(0, objectPath.lastIndexOf('/')), applied));
        }
        JsonNode merged = merge(read(current.getBody().getBytes()), applied);
        return handleUpdate(copy(request, HttpMethod.PUT, path, merged));
    }

    /** RFC 7386 JSON merge patch. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject() || !target.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = (ObjectNode) target.deepCopy();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), result.has(field.getKey()) ? merge(result.get(field.getKey()), field.getValue()) : field.getValue().deepCopy());
            }
        }
        return result;
    }

    private static RecordedRequest copy(RecordedRequest request, HttpMethod method, String path, JsonNode body) {
        try {
            return new RecordedRequest(request.getHttpVersion(), method, path,
                    request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                    new Buffer(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] yamlOrJson) {
        try {
            return YAML.readTree(yamlOrJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
