package dev.toolgate.cli;

import dev.toolgate.demo.DemoMcpServer;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.proxy.ProxyOptions;
import dev.toolgate.proxy.ProxyServer;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.audit.AuditSink;
import dev.toolgate.proxy.audit.JsonLinesAuditSink;
import dev.toolgate.proxy.auth.ApiKey;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.source.FilePolicySource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code demo [--port 8080] [--admin-port 9090]}: the bundled Conductor-like MCP server on an ephemeral port, the
 * proxy in front of it with the bundled example policy and its grants (copied to a temporary file you can edit live)
 * and two API keys holding different grants, audit lines on stdout; prints how to try it and runs until Ctrl-C.
 */
final class DemoCommand implements Command {
    private static final String POLICY_RESOURCE = "/demo/demo-policy.yaml";
    /** The grants: section, appended to the policy: kept apart so the policy alone stays the one tests and benchmarks use. */
    private static final String GRANTS_RESOURCE = "/demo/demo-grants.yaml";
    private static final String KEYS_RESOURCE = "/demo/demo-api-keys.yaml";
    static final String OPERATOR_KEY = "demo-operator-key";
    static final String VIEWER_KEY = "demo-viewer-key";

    @Override
    public int run(String[] args) throws Exception {
        int port = 8080;
        int adminPort = 9090;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--admin-port" -> adminPort = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: demo [--port 8080] [--admin-port 9090]");
                    return 2;
                }
            }
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            JsonLinesAuditSink audit = JsonLinesAuditSink.open("-", registry);
            resources.add(audit);
            // a fresh admin token per run: the demo's approver, printed below (a demo only: serve reads it from a file)
            String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            System.out.println(start(port, adminPort, registry, audit, Clock.systemUTC(), resources, adminToken));
            System.out.println(approvalInstructions((ProxyServer) resources.get(0), adminToken));
            System.out.flush();
        } catch (InvalidPolicyException | IOException e) {
            System.err.println("demo: " + e.getMessage());
            ServeCommand.closeAll(resources);
            return 1;
        }
        ServeCommand.awaitShutdown(resources);
        return 0;
    }

    /**
     * Starts the demo MCP server and the proxy in front of it with the demo's policy, grants and API keys (written to a
     * new temporary folder), putting what must be closed first at the front of {@code resources}; returns how to try it.
     */
    static String start(int port, int adminPort, PrometheusMeterRegistry registry, AuditSink audit, Clock clock,
                        List<AutoCloseable> resources) throws Exception {
        return start(port, adminPort, registry, audit, clock, resources, null);
    }

    /**
     * {@link #start(int, int, PrometheusMeterRegistry, AuditSink, Clock, List)} with approvals decided on the admin
     * port by the holder of {@code adminToken} (null: approvals off); the proxy is left first in {@code resources}.
     */
    static String start(int port, int adminPort, PrometheusMeterRegistry registry, AuditSink audit, Clock clock,
                        List<AutoCloseable> resources, String adminToken) throws Exception {
        Path dir = Files.createTempDirectory("toolgate-demo-");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, resource(POLICY_RESOURCE) + resource(GRANTS_RESOURCE));
        Path keys = Files.writeString(dir.resolve("api-keys.yaml"), resource(KEYS_RESOURCE));
        DemoMcpServer upstream = DemoMcpServer.start(0);
        resources.add(0, upstream);
        ProxyServer proxy = ProxyServer.start(ProxyOptions.builder(upstream.mcpUri())
                .port(port).adminPort(adminPort).registry(registry).sink(audit).clock(clock)
                        .apiKeys(ApiKeys.load(keys)).build(),
                new FilePolicySource(policy), adminToken == null ? ApprovalOptions.OFF
                        : ApprovalOptions.decidedBy(new ApiKeys(List.of(new ApiKey(adminToken, "demo-approver", null)))));
        resources.add(0, proxy);
        return instructions(upstream, proxy, policy);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** How to try the approval flow: a call that needs approval, and the commands that decide it. */
    static String approvalInstructions(ProxyServer proxy, String adminToken) {
        return """
                Approval (the policy's "prod runs need approval"), as the ops agent:
                  K=%s; S=$(session)
                  call '{"jsonrpc":"2.0","method":"notifications/initialized"}'
                  call '{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"prod"}}}'
                                                          # isError, _meta dev.toolgate/decision: approval_pending, id, url
                  export TOOLGATE_ADMIN_TOKEN=%s
                  # decide in a browser (open the url, enter the token), or on the command line:
                  java -jar proxy/target/toolgate-proxy.jar approvals list --admin-url http://127.0.0.1:%d
                  java -jar proxy/target/toolgate-proxy.jar approvals approve ID --reason "ok" --admin-url http://127.0.0.1:%d
                  call '{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"prod"}}}'
                                                          # the identical retry runs, once
                """.formatted(OPERATOR_KEY, adminToken, proxy.adminPort(), proxy.adminPort());
    }

    static String instructions(DemoMcpServer upstream, ProxyServer proxy, Path policy) {
        String url = proxy.mcpUri().toString();
        String headers = "-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'";
        return """

                Toolgate demo
                  MCP endpoint (through the policy):  %s
                  demo MCP server (direct, upstream): %s
                  policy (edit it, live within 2 s):  %s   (its grants: at the end)
                  metrics / health:                   http://127.0.0.1:%d/metrics  /healthz  /readyz
                  audit: one JSON line per decision below

                Point an MCP client (Streamable HTTP) at the endpoint, e.g.
                  npx @modelcontextprotocol/inspector   (transport "Streamable HTTP", URL %s)

                Or with curl, in another shell, first as the ops agent (API key %s, grant operators):
                  session() { curl -si %s %s -H "Authorization: Bearer $K" \\
                    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}' \\
                    | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}' | tr -d '\\r'; }
                  call() { curl -s %s %s -H "Authorization: Bearer $K" -H "Mcp-Session-Id: $S" -d "$1"; echo; }
                  K=%s; S=$(session)
                  call '{"jsonrpc":"2.0","method":"notifications/initialized"}'
                  call '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'                  # terminate_all_workflows is hidden
                  call '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"invoice"}}}'
                  call '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"DROP TABLE"}}}'
                  call '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_workflow","arguments":{"workflowId":"wf-1"}}}'
                  for i in $(seq 6 16); do call '{"jsonrpc":"2.0","id":'$i',"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"nightly"}}}'; done
                                                                                        # the 11th run in a minute is rate-limited
                Then as the reporting agent (API key %s, grant viewers), which may only read:
                  K=%s; S=$(session)
                  call '{"jsonrpc":"2.0","method":"notifications/initialized"}'
                  call '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'                  # only list_workflows and get_workflow_status
                  call '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"invoice"}}}'
                                                                                        # denied: run_workflow is not granted to viewers
                  call '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_workflows","arguments":{}}}'
                Ctrl-C stops the demo.
                """.formatted(url, upstream.mcpUri(), policy, proxy.adminPort(), url, OPERATOR_KEY, url, headers, url, headers,
                        OPERATOR_KEY, VIEWER_KEY, VIEWER_KEY);
    }
}
