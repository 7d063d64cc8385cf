package dev.toolgate.contract;

/**
 * The McpServer fields of the tool inventory, which the operator's model declares and the proxy reads and writes as
 * JSON: {@code spec.tools} (what a person decided) and {@code status.tools} / {@code status.toolCounts} (what the proxy
 * saw listed). The proxy owns the status fields: it writes them with a merge patch of the status subresource under its
 * own field manager, and the operator's server-side apply of the status never names them.
 */
public final class McpServerTools {
    /** {@code spec.tools} and {@code status.tools}. */
    public static final String TOOLS = "tools";
    /** {@code spec.tools.accepted}: tool name → accepted SHA-256 of its definition. */
    public static final String ACCEPTED = "accepted";
    /** {@code spec.tools.trustAnnotations}. */
    public static final String TRUST_ANNOTATIONS = "trustAnnotations";
    /** {@code spec.tools.onChange}: {@code require_approval} or {@code deny}. */
    public static final String ON_CHANGE = "onChange";
    /** {@code status.toolCounts}: tools by risk level, for {@code kubectl get mcps}. */
    public static final String TOOL_COUNTS = "toolCounts";
    /** The field manager of the proxy's status writes. */
    public static final String FIELD_MANAGER = "toolgate-proxy";
    /** The reason of the Warning Event the proxy writes when a tool's definition changes from its pin. */
    public static final String CHANGED_EVENT_REASON = "ToolDefinitionChanged";

    /** {@code status.tools[]} fields. */
    public static final String NAME = "name";
    public static final String CLASS = "class";
    public static final String RISK = "risk";
    public static final String CONFIDENCE = "confidence";
    public static final String SIGNALS = "signals";
    public static final String SHA256 = "sha256";
    /** {@code status.tools[].changed}: what differs from the pin ({@code description}, ...); absent when nothing does. */
    public static final String CHANGED = "changed";

    private McpServerTools() {
    }
}
