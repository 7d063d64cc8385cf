package dev.toolgate.cli;

import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.ServeArguments;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.audit.JsonLinesAuditSink;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.counters.RedisSettings;
import dev.toolgate.proxy.identity.TokenReviewVerifier;
import dev.toolgate.proxy.kubernetes.KubernetesApprovals;
import dev.toolgate.proxy.kubernetes.KubernetesMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.toolgate.proxy.source.FilePolicySource;
import dev.toolgate.proxy.source.PolicySource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the proxy in front of an upstream MCP server, with a policy file or ConfigMap; runs until stopped. */
final class ServeCommand implements Command {
    @Override
    public int run(String[] args) throws Exception {
        ServeArguments arguments;
        try {
            arguments = ServeArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("serve: " + e.getMessage());
            System.err.println(ServeArguments.USAGE);
            return 2;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyOptions.Builder options = arguments.toOptions().registry(registry);
        // standalone: pins from --tool-pins (none without it); Kubernetes mode replaces them with the McpServer's
        options.inventory(arguments.inventory().inventory(null, change -> { }, Clock.systemUTC()));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            if (arguments.apiKeys() != null) {
                ApiKeys keys = ApiKeys.load(arguments.apiKeys());
                options.apiKeys(keys);
                System.err.println("toolgate: " + keys.size() + " API key(s) loaded; requests need Authorization: Bearer");
            }
            if (arguments.serviceAccountAudience() != null) {
                KubernetesClient client = new KubernetesClientBuilder().build();
                resources.add(client);
                options.serviceAccountTokens(new TokenReviewVerifier(client, arguments.serviceAccountAudience(),
                        arguments.tokenReviewTtl(), Clock.systemUTC()));
                System.err.println("toolgate: ServiceAccount tokens for audience " + arguments.serviceAccountAudience()
                        + " accepted (TokenReview)");
            }
            if (arguments.oidc() != null) {
                System.err.println("toolgate: bearer JWTs of " + arguments.oidc().issuer() + " for "
                        + arguments.oidc().audience() + " accepted");
            }
            String upstreamToken = System.getenv(PodEnvironment.UPSTREAM_TOKEN);
            if (upstreamToken != null && !upstreamToken.isBlank()) {
                options.upstreamToken(upstreamToken.strip());
                System.err.println("toolgate: the upstream gets the proxy's own credential (" + PodEnvironment.UPSTREAM_TOKEN + ")");
            }
            JsonLinesAuditSink audit = JsonLinesAuditSink.open(arguments.auditLog(), registry);
            resources.add(audit);
            options.sink(audit);
            if (arguments.redis() != null) {
                options.redis(arguments.redis().settings(System.getenv(), counterKeyTag(arguments)));
            }
            PolicySource source;
            KubernetesMode kubernetes = null;
            if (arguments.kubernetesMode()) {
                kubernetes = KubernetesMode.create(arguments.policyConfigMap(), arguments.namespace(),
                        arguments.mcpServer(), registry);
                resources.add(0, kubernetes);
                options.sink(kubernetes.eventSink());
                options.inventory(kubernetes.inventory(arguments.inventory()));
                source = kubernetes.policySource();
            } else {
                source = new FilePolicySource(arguments.policy());
            }
            ApprovalOptions approvals = ApprovalSetup.of(arguments, System.getenv());
            if (arguments.kubernetesMode() && arguments.mcpServer() != null) {
                // decided by writing ToolCallApproval status: RBAC says who may
                KubernetesApprovals mirror = KubernetesApprovals.connect(arguments.namespace(), arguments.mcpServer(),
                        arguments.policyConfigMap());
                resources.add(0, mirror);
                approvals = approvals.withMirror(mirror, arguments.mcpServer());
            }
            ProxyServer server = ProxyServer.start(options.build(), source, approvals);
            resources.add(0, server);
            if (kubernetes != null && server.counterHealth().isPresent()) {
                // a Warning Event on the McpServer when Redis goes away, a Normal one when it is back
                server.counterHealth().get().addListener(kubernetes.storeEvents());
            }
            System.err.println("toolgate: proxying " + server.mcpUri() + " -> " + arguments.upstream()
                    + " (" + server.transport() + " transport)"
                    + (server.adminPort() >= 0 ? "; admin on port " + server.adminPort() + " (/metrics /healthz /readyz)" : "")
                    + (approvals.enabled() ? "; approvals decided on the admin port (/approvals)"
                    + (approvals.holdOpen().enabled() ? ", calls waiting held open up to "
                    + approvals.holdOpen().maxWait().toSeconds() + " s" : "")
                    : "; approvals off (calls needing approval are refused; give --admin-keys to decide them)"));
        } catch (InvalidPolicyException e) {
            System.err.println("serve: the policy is invalid:");
            e.errors().forEach(error -> System.err.println("  " + error));
            closeAll(resources);
            return 1;
        } catch (IOException e) {
            System.err.println("serve: " + e.getMessage());
            closeAll(resources);
            return 1;
        }
        awaitShutdown(resources);
        return 0;
    }

    /**
     * The hash tag of this proxy's counter keys: its McpServer ({@code namespace/name}), so replicas of one McpServer
     * share counters and other McpServers on the same Redis do not; {@code standalone} outside Kubernetes.
     */
    static String counterKeyTag(ServeArguments arguments) {
        if (!arguments.kubernetesMode()) {
            return RedisSettings.STANDALONE_TAG;
        }
        String namespace = arguments.namespace() != null ? arguments.namespace() : System.getenv(PodEnvironment.POD_NAMESPACE);
        String server = arguments.mcpServer() != null ? arguments.mcpServer() : arguments.policyConfigMap();
        return (namespace == null || namespace.isBlank() ? "default" : namespace) + "/" + server;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes everything in order. */
    static void awaitShutdown(List<AutoCloseable> resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(resources);
            stopped.countDown();
        }, "toolgate-shutdown"));
        stopped.await();
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("toolgate: closing " + resource.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
