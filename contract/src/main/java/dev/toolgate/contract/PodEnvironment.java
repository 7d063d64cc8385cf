package dev.toolgate.contract;

/** Environment variables the operator sets on the proxy's container (the downward API) and the proxy reads. */
public final class PodEnvironment {
    /** The pod's namespace: where the proxy looks for its policy ConfigMap unless {@code --namespace} says otherwise. */
    public static final String POD_NAMESPACE = "POD_NAMESPACE";
    /** The pod's name: the {@code reportingInstance} of the proxy's Events. */
    public static final String POD_NAME = "POD_NAME";
    /**
     * The Redis password for shared counters ({@code --redis}); the operator fills it from the McpServer's
     * {@code spec.counters.redis.passwordSecretRef}. An environment variable, so it is never on the command line.
     */
    public static final String REDIS_PASSWORD = "TOOLGATE_REDIS_PASSWORD";
    /**
     * The bearer token the proxy sends its upstream in place of the client's (from the McpServer's upstream credential
     * Secret; standalone, set it in the environment). An environment variable, not a flag: a flag's value is visible to
     * every process on the node.
     */
    public static final String UPSTREAM_TOKEN = "TOOLGATE_UPSTREAM_TOKEN";

    /**
     * An admin token (approvals, #19): read by {@code serve} (the token of an approver named {@value #ADMIN_IDENTITY})
     * and by {@code approvals list|approve|deny}. In the environment, never on a command line, where every process
     * could read it.
     */
    public static final String ADMIN_TOKEN = "TOOLGATE_ADMIN_TOKEN";
    /** The approver identity of the {@value #ADMIN_TOKEN} token. */
    public static final String ADMIN_IDENTITY = "admin";

    private PodEnvironment() {
    }
}
