package dev.toolgate.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line the operator runs the proxy with in a pod: Kubernetes mode, the policy from the McpServer's
 * ConfigMap. The proxy parses {@link #args()} with its own {@code serve} parser.
 *
 * @param policyConfigMap the ConfigMap the proxy watches
 * @param mcpServer       the McpServer the proxy enforces for (named in its Events)
 * @param upstream        the URL of the upstream MCP server
 * @param port            the MCP port
 * @param bind            the address both the MCP and admin ports listen on
 * @param adminPort       the port of /metrics, /healthz and /readyz
 * @param apiKeys         the API keys file, or null when callers are anonymous
 * @param redis           shared counters in Redis, or null for counters in memory
 * @param trustAnnotations  {@code spec.tools.trustAnnotations}: the upstream's tool annotations are believed
 * @param onToolChange    {@code spec.tools.onChange}: {@code require_approval} or {@code deny}, or null for the proxy's
 *                        default
 * @param identities      bearer tokens besides API keys (OIDC JWTs, ServiceAccount tokens); never null
 * @param approval        how a call waiting for approval is answered and held; never null
 */
public record KubernetesServe(PolicyConfigMap policyConfigMap, String mcpServer, String upstream, int port, String bind,
                              int adminPort, String apiKeys, RedisServe redis, boolean trustAnnotations,
                              String onToolChange, Identities identities, Approval approval) {
    /** The longest hold-open, in seconds: the proxy's {@code --approval-hold-open} bound and the CRD's maximum. */
    public static final int MAX_APPROVAL_HOLD_OPEN_SECONDS = 3600;
    /** The longest wait of a 2026-07-28 retry, in seconds: below clients' idle timeouts; the flag's and the CRD's bound. */
    public static final int MAX_APPROVAL_WAIT_SECONDS = 60;

    /**
     * The approval flags the operator sets from {@code spec.approval}, and the file of the {@code requestState} HMAC
     * key it keeps in a Secret of the McpServer and mounts into every replica.
     *
     * @param waitSeconds     {@link ServeFlag#APPROVAL_WAIT} ({@code waitSeconds}), or null for the proxy's default
     * @param stateKeyFile    {@link ServeFlag#APPROVAL_STATE_KEY_FILE}, or null for a random key per pod
     * @param holdOpenSeconds {@link ServeFlag#APPROVAL_HOLD_OPEN} ({@code holdOpenSeconds}): how long a call waiting for
     *                        approval is held open; 0 for the proxy's default (answered at once)
     * @param url             {@link ServeFlag#APPROVAL_URL}: the agents' approval link, a template holding
     *                        {@link ServeFlag#APPROVAL_URL_ID} (the operator's page for the McpServer's namespace), or
     *                        null for the proxy's admin port
     */
    public record Approval(Integer waitSeconds, String stateKeyFile, int holdOpenSeconds, String url) {
        public static final Approval DEFAULTS = new Approval(null, null, 0);

        public Approval {
            if (holdOpenSeconds < 0 || holdOpenSeconds > MAX_APPROVAL_HOLD_OPEN_SECONDS) {
                throw new IllegalArgumentException("holdOpenSeconds is 0 (off) to " + MAX_APPROVAL_HOLD_OPEN_SECONDS);
            }
        }

        /** Links to the proxy's admin port. */
        public Approval(Integer waitSeconds, String stateKeyFile, int holdOpenSeconds) {
            this(waitSeconds, stateKeyFile, holdOpenSeconds, null);
        }

        void addTo(List<String> args) {
            if (waitSeconds != null) {
                add(args, ServeFlag.APPROVAL_WAIT, String.valueOf(waitSeconds));
            }
            addIfSet(args, ServeFlag.APPROVAL_STATE_KEY_FILE, stateKeyFile);
            if (holdOpenSeconds > 0) {
                add(args, ServeFlag.APPROVAL_HOLD_OPEN, String.valueOf(holdOpenSeconds));
            }
            addIfSet(args, ServeFlag.APPROVAL_URL, url);
        }
    }

    /**
     * Who may call besides API key holders: an OAuth 2.1 issuer's JWTs and/or Kubernetes ServiceAccount tokens.
     *
     * @param oidcIssuer             the issuer, or null for no JWTs
     * @param oidcAudience           the audience JWTs must carry (with an issuer)
     * @param oidcJwksUri            the issuer's JWK Set, or null to discover it
     * @param identityClaim          the claim naming the caller, or null for {@code sub}
     * @param grantsClaim            the claim listing the caller's grants, or null
     * @param requiredScopes         scopes every JWT must carry
     * @param serviceAccountAudience the audience ServiceAccount tokens must be issued for, or null for none accepted
     */
    public record Identities(String oidcIssuer, String oidcAudience, String oidcJwksUri, String identityClaim,
                             String grantsClaim, List<String> requiredScopes, String serviceAccountAudience) {
        public static final Identities NONE = new Identities(null, null, null, null, null, List.of(), null);

        public Identities {
            requiredScopes = requiredScopes == null ? List.of() : List.copyOf(requiredScopes);
            if (oidcIssuer != null && oidcAudience == null) {
                throw new IllegalArgumentException("an OIDC issuer needs an audience");
            }
        }

        void addTo(List<String> args) {
            if (oidcIssuer != null) {
                add(args, ServeFlag.OIDC_ISSUER, oidcIssuer);
                add(args, ServeFlag.OIDC_AUDIENCE, oidcAudience);
                addIfSet(args, ServeFlag.OIDC_JWKS_URI, oidcJwksUri);
                addIfSet(args, ServeFlag.IDENTITY_CLAIM, identityClaim);
                addIfSet(args, ServeFlag.GRANTS_CLAIM, grantsClaim);
                requiredScopes.forEach(scope -> add(args, ServeFlag.REQUIRED_SCOPE, scope));
            }
            addIfSet(args, ServeFlag.SERVICE_ACCOUNT_AUDIENCE, serviceAccountAudience);
        }
    }

    /** Every setting but the approval ones, which keep the proxy's defaults. */
    public KubernetesServe(PolicyConfigMap policyConfigMap, String mcpServer, String upstream, int port, String bind,
                           int adminPort, String apiKeys, RedisServe redis, boolean trustAnnotations,
                           String onToolChange, Identities identities) {
        this(policyConfigMap, mcpServer, upstream, port, bind, adminPort, apiKeys, redis, trustAnnotations, onToolChange,
                identities, Approval.DEFAULTS);
    }

    /** Counters in memory, annotations untrusted, the proxy's default for changed tools, only API keys. */
    public KubernetesServe(PolicyConfigMap policyConfigMap, String mcpServer, String upstream, int port, String bind,
                           int adminPort, String apiKeys) {
        this(policyConfigMap, mcpServer, upstream, port, bind, adminPort, apiKeys, null, false, null, Identities.NONE);
    }

    public KubernetesServe {
        Objects.requireNonNull(policyConfigMap, "policyConfigMap");
        Objects.requireNonNull(mcpServer, "mcpServer");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(bind, "bind");
        identities = identities == null ? Identities.NONE : identities;
        approval = approval == null ? Approval.DEFAULTS : approval;
    }

    /** The container's args: {@code serve} and its flags. */
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(ServeFlag.COMMAND));
        add(args, ServeFlag.POLICY_CONFIGMAP, policyConfigMap.name());
        add(args, ServeFlag.MCP_SERVER, mcpServer);
        add(args, ServeFlag.UPSTREAM, upstream);
        add(args, ServeFlag.PORT, String.valueOf(port));
        add(args, ServeFlag.BIND, bind);
        add(args, ServeFlag.ADMIN_PORT, String.valueOf(adminPort));
        approval.addTo(args);
        if (apiKeys != null) {
            add(args, ServeFlag.API_KEYS, apiKeys);
        }
        if (redis != null) {
            args.addAll(redis.args());
        }
        if (trustAnnotations) {
            add(args, ServeFlag.TRUST_ANNOTATIONS, "true");
        }
        if (onToolChange != null) {
            add(args, ServeFlag.ON_TOOL_CHANGE, onToolChange);
        }
        identities.addTo(args);
        return List.copyOf(args);
    }

    private static void addIfSet(List<String> args, ServeFlag flag, String value) {
        if (value != null) {
            add(args, flag, value);
        }
    }

    private static void add(List<String> args, ServeFlag flag, String value) {
        args.add(flag.text());
        args.add(value);
    }
}
