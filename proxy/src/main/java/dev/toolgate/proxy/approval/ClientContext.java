package dev.toolgate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What the proxy knows of the client behind one POST, for the shape of an approval answer: the request's
 * {@code MCP-Protocol-Version} header, whether the session's {@code initialize} declared URL elicitation (MCP
 * 2025-11-25, where capabilities are declared once per session), and the event loop that serves the request, on
 * which a retry's wait for a decision times out.
 *
 * @param protocolVersion               the header's value, or null
 * @param sessionDeclaresUrlElicitation the session's {@code initialize} carried {@code capabilities.elicitation.url}
 * @param loop                          the request's event loop; null: no waiting
 * @param gone                          true once the client has closed the request (a wait's end checks it)
 */
public record ClientContext(String protocolVersion, boolean sessionDeclaresUrlElicitation,
                            ScheduledExecutorService loop, BooleanSupplier gone) {
    /** The version whose clients get the {@code -32042} error. */
    public static final String URL_ELICITATION_VERSION = "2025-11-25";
    /** The version from which clients get Multi Round-Trip answers and declare capabilities on each request. */
    public static final String MRTR_VERSION = "2026-07-28";
    /** Where a 2026-07-28 request carries its capabilities: {@code params._meta[…]}. */
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

    /** A client the proxy knows nothing of: the tool-result answer, no waiting. */
    public static final ClientContext UNKNOWN = new ClientContext(null, false, null, () -> false);

    /**
     * The answer shape for a request with these {@code params}. From 2026-07-28 capabilities are per request
     * ({@code params._meta["io.modelcontextprotocol/clientCapabilities"].elicitation.url}) and the session's are
     * never used; on 2025-11-25 (up to, not including, 2026-07-28) the session's {@code initialize} decides.
     * Versions compare as their dates do.
     */
    public AnswerShape shapeFor(JsonNode params) {
        if (protocolVersion == null || protocolVersion.compareTo(URL_ELICITATION_VERSION) < 0) {
            return AnswerShape.TOOL_RESULT;
        }
        if (protocolVersion.compareTo(MRTR_VERSION) >= 0) {
            JsonNode url = params == null ? null
                    : params.path("_meta").path(CLIENT_CAPABILITIES).path("elicitation").get("url");
            return url != null && url.isObject() ? AnswerShape.INPUT_REQUIRED : AnswerShape.TOOL_RESULT;
        }
        return sessionDeclaresUrlElicitation ? AnswerShape.URL_ELICITATION_ERROR : AnswerShape.TOOL_RESULT;
    }

    /** True when an {@code initialize} request's params declare URL elicitation ({@code capabilities.elicitation.url}). */
    public static boolean declaresUrlElicitation(JsonNode initializeParams) {
        JsonNode url = initializeParams == null ? null : initializeParams.path("capabilities").path("elicitation").get("url");
        return url != null && url.isObject();
    }
}
