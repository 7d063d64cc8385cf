package dev.toolgate.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The flags of the proxy's {@code serve} command; each takes one value. */
public enum ServeFlag {
    POLICY("--policy"),
    POLICY_CONFIGMAP("--policy-configmap"),
    NAMESPACE("--namespace"),
    MCP_SERVER("--mcp-server"),
    UPSTREAM("--upstream"),
    PORT("--port"),
    BIND("--bind"),
    ADMIN_PORT("--admin-port"),
    ADMIN_BIND("--admin-bind"),
    API_KEYS("--api-keys"),
    AUDIT_LOG("--audit-log"),
    ALLOW_ORIGIN("--allow-origin"),
    ALLOW_HOST("--allow-host"),
    MAX_BODY_BYTES("--max-body-bytes"),
    EVENT_LOOPS("--event-loops"),
    MAX_CONNECTIONS("--max-connections"),
    MAX_CONNECTIONS_PER_ADDRESS("--max-connections-per-address"),
    MAX_SESSIONS("--max-sessions"),
    /** Approvals (#19): the admin tokens of those who may approve, a file in the API keys format. */
    ADMIN_KEYS("--admin-keys"),
    /** Approvals: seconds a pending approval waits, an approved one may be used, a denial stands. */
    APPROVAL_TTL("--approval-ttl"),
    /** Approvals: the base URL of the links agents get, when the admin port is reached under another address. */
    APPROVAL_URL("--approval-url");

    /** The command these flags belong to. */
    public static final String COMMAND = "serve";

    private static final Map<String, ServeFlag> BY_TEXT = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ServeFlag::text, Function.identity()));

    private final String text;

    ServeFlag(String text) {
        this.text = text;
    }

    /** The flag as written on the command line, e.g. {@code --upstream}. */
    public String text() {
        return text;
    }

    /** The flag written as {@code text}, if there is one. */
    public static Optional<ServeFlag> of(String text) {
        return Optional.ofNullable(BY_TEXT.get(text));
    }
}
