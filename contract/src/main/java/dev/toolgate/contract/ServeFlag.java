package dev.toolgate.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The flags of the proxy's {@code serve} command; each takes one value (a repeatable one, such as
 * {@link #REQUIRED_SCOPE}, takes one value each time it is given).
 */
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
    /** Shared counters: the Redis/Valkey URL, {@code redis://host:port} or {@code rediss://host:port} (TLS). */
    REDIS("--redis"),
    /** {@code closed} (default) or {@code local}: what calls needing a counter get while Redis cannot answer. */
    REDIS_FAILURE("--redis-failure"),
    /** A file holding the Redis password (else {@link PodEnvironment#REDIS_PASSWORD}; never the command line). */
    REDIS_PASSWORD_FILE("--redis-password-file"),
    /** A PEM file of the CA that signed the Redis server's certificate (a private CA). */
    REDIS_CA_FILE("--redis-ca-file"),
    /** Milliseconds one Redis call may take (default 50). */
    REDIS_TIMEOUT_MS("--redis-timeout-ms"),
    /** The replicas sharing the counters: the {@code local} failure mode counts {@code max ÷ replicas} per pod. */
    REPLICAS("--replicas"),
    /** A pins file ({@code scan --format json}'s shape): tool definitions are pinned and a changed one needs a person. */
    TOOL_PINS("--tool-pins"),
    /** What a call of a tool whose definition changed from its pin gets: require_approval (default) or deny. */
    ON_TOOL_CHANGE("--on-tool-change"),
    /** true: the upstream's tool annotations are trusted when classifying its tools (default false). */
    TRUST_ANNOTATIONS("--trust-annotations"),
    /** The OAuth 2.1 authorization server whose bearer JWTs are accepted (its {@code iss}). */
    OIDC_ISSUER("--oidc-issuer"),
    /** This MCP endpoint's resource identifier: tokens must name it in {@code aud} (RFC 8707). */
    OIDC_AUDIENCE("--oidc-audience"),
    /** The issuer's JWK Set, when it is not to be discovered. */
    OIDC_JWKS_URI("--oidc-jwks-uri"),
    /** The claim naming the caller ({@code sub} by default). */
    IDENTITY_CLAIM("--identity-claim"),
    /** The claim listing the caller's grants. */
    GRANTS_CLAIM("--grants-claim"),
    /** A scope every token must carry; repeatable. */
    REQUIRED_SCOPE("--required-scope"),
    /** Accept Kubernetes ServiceAccount tokens issued for this audience (checked with a TokenReview). */
    SERVICE_ACCOUNT_AUDIENCE("--service-account-audience"),
    /** How many seconds a TokenReview's answer is reused (at most 30). */
    TOKEN_REVIEW_TTL("--token-review-ttl"),
    /** Approvals (#19): the admin tokens of those who may approve, a file in the API keys format. */
    ADMIN_KEYS("--admin-keys"),
    /** Approvals: seconds a pending approval waits, an approved one may be used, a denial stands. */
    APPROVAL_TTL("--approval-ttl"),
    /**
     * Approvals: the links agents get. A base URL ({@code <base>/approvals/<id>}, when the admin port is reached under
     * another address), or a URL whose path holds {@link #APPROVAL_URL_ID} once, replaced by the approval's id (how the
     * operator points agents at its own page, {@code <public URL>/approvals/<namespace>/{id}}).
     */
    APPROVAL_URL("--approval-url"),
    /**
     * Approvals: seconds a call waiting for approval is held open as an SSE stream (0 = answered at once, the default;
     * at most 3600), so an agent that never retries still gets its result.
     */
    APPROVAL_HOLD_OPEN("--approval-hold-open"),
    /**
     * Approvals: seconds an MCP 2026-07-28 retry carrying the proxy's {@code requestState} waits for the decision
     * (0 to 60; 0: answer at once; default 30).
     */
    APPROVAL_WAIT("--approval-wait"),
    /**
     * Approvals: a file holding the HMAC key (32 to 4096 bytes, used as they are) of the 2026-07-28
     * {@code requestState}s; without it a random key per process. Replicas behind one Service need the same file.
     */
    APPROVAL_STATE_KEY_FILE("--approval-state-key-file");

    /** The command these flags belong to. */
    public static final String COMMAND = "serve";
    /** Where an {@link #APPROVAL_URL} that is a template takes the approval's id (an RFC 6570 simple expression). */
    public static final String APPROVAL_URL_ID = "{id}";

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
