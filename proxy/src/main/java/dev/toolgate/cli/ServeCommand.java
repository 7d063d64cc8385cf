package dev.toolgate.cli;

import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.ServeArguments;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.audit.JsonLinesAuditSink;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.kubernetes.KubernetesApprovals;
import dev.toolgate.proxy.kubernetes.KubernetesMode;
import dev.toolgate.proxy.source.FilePolicySource;
import dev.toolgate.proxy.source.PolicySource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
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
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            if (arguments.apiKeys() != null) {
                ApiKeys keys = ApiKeys.load(arguments.apiKeys());
                options.apiKeys(keys);
                System.err.println("toolgate: " + keys.size() + " API key(s) loaded; requests need Authorization: Bearer");
            }
            JsonLinesAuditSink audit = JsonLinesAuditSink.open(arguments.auditLog(), registry);
            resources.add(audit);
            options.sink(audit);
            PolicySource source;
            if (arguments.kubernetesMode()) {
                KubernetesMode kubernetes = KubernetesMode.create(arguments.policyConfigMap(), arguments.namespace(),
                        arguments.mcpServer(), registry);
                resources.add(0, kubernetes);
                options.sink(kubernetes.eventSink());
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
            System.err.println("toolgate: proxying " + server.mcpUri() + " -> " + arguments.upstream()
                    + " (" + server.transport() + " transport)"
                    + (server.adminPort() >= 0 ? "; admin on port " + server.adminPort() + " (/metrics /healthz /readyz)" : "")
                    + (approvals.enabled() ? "; approvals decided on the admin port (/approvals)"
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
