package dev.toolgate.operator.dependent;

import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.contract.RedisServe;
import dev.toolgate.operator.customresource.CounterFailureMode;
import dev.toolgate.operator.customresource.Counters;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.McpServerSpec;
import dev.toolgate.operator.customresource.RedisCounters;
import dev.toolgate.operator.customresource.RedisTls;
import dev.toolgate.operator.customresource.SecretKeyRef;
import dev.toolgate.operator.customresource.SecretRef;
import dev.toolgate.operator.customresource.Sidecar;
import dev.toolgate.operator.customresource.Upstream;
import dev.toolgate.proxy.ServeArguments;
import dev.toolgate.proxy.approval.ApprovalLinks;
import dev.toolgate.proxy.counters.FailureMode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's generated command line for a proxy pod, parsed by the proxy's own {@code serve} parser: the two
 * sides of the contract meet here, the one module that sees both (the operator does not depend on the proxy). In the
 * operator's package, to reach the package-private builder the Deployment uses.
 */
class ProxyArgumentsContractTest {
    @Test
    void theProxyParsesWhatTheOperatorGeneratesForAnUpstreamUrlWithApiKeys() {
        McpServer server = server("conductor", "http://conductor-mcp.agents:8080/mcp");
        server.getSpec().setApiKeysSecretRef(new SecretRef("conductor-keys"));

        ServeArguments parsed = parse(server);

        assertThat(parsed.kubernetesMode()).isTrue();
        assertThat(parsed.policyConfigMap()).isEqualTo(PolicyConfigMap.of("conductor").name());
        assertThat(parsed.mcpServer()).isEqualTo("conductor");
        assertThat(parsed.upstream()).isEqualTo(URI.create("http://conductor-mcp.agents:8080/mcp"));
        assertThat(parsed.port()).isEqualTo(ProxyNames.MCP_PORT);
        assertThat(parsed.bind()).isEqualTo("0.0.0.0");
        assertThat(parsed.adminPort()).isEqualTo(ProxyNames.ADMIN_PORT);
        assertThat(parsed.apiKeys()).isEqualTo(Path.of(ProxyNames.API_KEYS_DIR, ProxyNames.API_KEYS_KEY));
    }

    @Test
    void theProxyParsesWhatTheOperatorGeneratesForASidecarWithoutApiKeys() {
        McpServer server = server("github", null);
        Sidecar sidecar = new Sidecar();
        sidecar.setImage("ghcr.io/github/github-mcp-server:1.0");
        sidecar.setPort(8000);
        server.getSpec().getUpstream().setSidecar(sidecar);

        ServeArguments parsed = parse(server);

        assertThat(parsed.upstream()).isEqualTo(URI.create("http://127.0.0.1:8000/mcp"));
        assertThat(parsed.apiKeys()).isNull();
        assertThat(parsed.policy()).isNull();
    }

    @Test
    void theProxyParsesTheSharedCountersTheOperatorGenerates() {
        McpServer server = server("conductor", "http://conductor-mcp.agents:8080/mcp");
        server.getSpec().setReplicas(3);
        RedisCounters redis = new RedisCounters();
        redis.setUrl("redis://valkey.cache:6379");
        RedisTls tls = new RedisTls();
        tls.setEnabled(true);
        tls.setCaSecretRef(new SecretKeyRef("valkey-ca", null));
        redis.setTls(tls);
        Counters counters = new Counters();
        counters.setRedis(redis);
        counters.setOnFailure(CounterFailureMode.LOCAL);
        server.getSpec().setCounters(counters);

        ServeArguments.RedisArguments parsed = parse(server).redis();

        assertThat(parsed.url()).isEqualTo(URI.create("rediss://valkey.cache:6379"));
        assertThat(parsed.failureMode()).isEqualTo(FailureMode.LOCAL);
        assertThat(parsed.replicas()).isEqualTo(3);
        assertThat(parsed.caFile()).isEqualTo(Path.of(RedisServe.CA_DIR, RedisServe.CA_FILE));
        assertThat(parsed.passwordFile()).as("the password comes from the environment").isNull();
    }

    @Test
    void theProxysApprovalLinkIsTheOperatorsPageOfTheToolCallApproval() {
        McpServer server = server("conductor", "http://conductor-mcp.agents:8080/mcp");
        assertThat(parse(server).approvalUrl()).as("no public URL: the admin port's address").isNull();

        String url = ServeArguments.parse(OperatorProxyCommand.serveFlags(server, "https://toolgate-approvals.example.com"))
                .approvalUrl();

        // the ToolCallApproval is named by the approval's id, in the McpServer's namespace ("agents")
        assertThat(new ApprovalLinks(url).of("3f9c0d2e8a7b6c5d4e3f2a1b"))
                .isEqualTo("https://toolgate-approvals.example.com/approvals/agents/3f9c0d2e8a7b6c5d4e3f2a1b");
    }

    private static ServeArguments parse(McpServer server) {
        List<String> args = ProxyDeploymentDependent.proxyCommand(server).args();
        // the image's entrypoint is the proxy's Main, which dispatches on the command and hands serve the rest
        assertThat(args.get(0)).isEqualTo("serve");
        return ServeArguments.parse(args.subList(1, args.size()).toArray(String[]::new));
    }

    private static McpServer server(String name, String url) {
        McpServer server = new McpServer();
        server.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("agents").build());
        McpServerSpec spec = new McpServerSpec();
        Upstream upstream = new Upstream();
        upstream.setUrl(url);
        spec.setUpstream(upstream);
        server.setSpec(spec);
        return server;
    }
}
