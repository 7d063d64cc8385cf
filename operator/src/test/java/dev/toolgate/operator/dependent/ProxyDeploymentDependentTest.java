package dev.toolgate.operator.dependent;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.PolicyConfigMap;
import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.Auth;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.OidcAuth;
import dev.toolgate.operator.customresource.SecretKeyRef;
import dev.toolgate.operator.customresource.ServiceAccountsAuth;
import dev.toolgate.operator.customresource.Sidecar;
import dev.toolgate.operator.customresource.Upstream;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyDeploymentDependentTest {
    private final ProxyDeploymentDependent dependent = new ProxyDeploymentDependent(new ProxySettings("registry.example.com/toolgate-proxy:test"));

    @Test
    void runsTheProxyServingFromItsConfigMapWithProbesOnTheAdminPort() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        Deployment deployment = dependent.desired(server, new StubContext(server));

        assertThat(deployment.getMetadata().getName()).isEqualTo("conductor-toolgate");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "toolgate-proxy", "app.kubernetes.io/instance", "conductor"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).as("no policy hash: policy changes never restart pods").isNullOrEmpty();
        Container proxy = only(deployment);
        assertThat(proxy.getImage()).isEqualTo("registry.example.com/toolgate-proxy:test");
        assertThat(proxy.getArgs()).containsExactly("serve", "--policy-configmap", "conductor-toolgate-policy",
                "--mcp-server", "conductor", "--upstream", "http://conductor-mcp:8080/mcp",
                "--port", "8080", "--bind", "0.0.0.0", "--admin-port", "9090",
                "--approval-state-key-file", "/etc/toolgate/approval-state/key");
        assertThat(proxy.getEnv()).extracting(EnvVar::getName).containsExactly("POD_NAMESPACE", "POD_NAME");
        assertThat(proxy.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("mcp:8080", "admin:9090");
        assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(proxy.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(proxy.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(proxy.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp", "/etc/toolgate/approval-state");
    }

    @Test
    void passesTheToolSettingsOfTheSpecAsFlags() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        Container plain = only(dependent.desired(server, new StubContext(server)));
        assertThat(plain.getArgs()).doesNotContain("--trust-annotations", "--on-tool-change");

        var tools = new dev.toolgate.operator.customresource.ToolsSpec();
        tools.setTrustAnnotations(true);
        tools.setOnChange(dev.toolgate.operator.customresource.ToolChangeAction.DENY);
        server.getSpec().setTools(tools);
        Container proxy = only(dependent.desired(server, new StubContext(server)));
        assertThat(proxy.getArgs()).containsSubsequence("--trust-annotations", "true").containsSubsequence("--on-tool-change", "deny");
    }

    @Test
    void passesSpecApprovalHoldOpenSecondsToTheProxy() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        Container plain = only(dependent.desired(server, new StubContext(server)));
        assertThat(plain.getArgs()).as("off unless asked for").doesNotContain("--approval-hold-open");

        var approval = new dev.toolgate.operator.customresource.ApprovalSpec();
        approval.setHoldOpenSeconds(120);
        server.getSpec().setApproval(approval);
        Container proxy = only(dependent.desired(server, new StubContext(server)));

        assertThat(proxy.getArgs()).containsSubsequence("--approval-hold-open", "120");
        assertThat(ProxyDeploymentDependent.proxyCommand(server).approval().holdOpenSeconds()).isEqualTo(120);
    }

    @Test
    void pointsTheAgentsApprovalLinksAtTheOperatorsPageForTheMcpServersNamespace() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        assertThat(only(dependent.desired(server, new StubContext(server))).getArgs())
                .as("without a public URL the links name the proxy's admin port").doesNotContain("--approval-url");

        var withPage = new ProxyDeploymentDependent(new ProxySettings("img", "tokenreview", "https://approvals.example.com/"));
        Container proxy = only(withPage.desired(server, new StubContext(server)));

        // the ToolCallApproval is named by the approval's id, in the McpServer's namespace: the page's /approvals/<ns>/<name>
        assertThat(proxy.getArgs()).containsSubsequence("--approval-url",
                "https://approvals.example.com/approvals/" + Fixtures.NAMESPACE + "/{id}");
        assertThat(proxy.getArgs()).isEqualTo(ProxyDeploymentDependent.proxyCommand(server, "https://approvals.example.com").args());
    }

    @Test
    void theApprovalsPublicUrlComesFromTheEnvironmentAndIsAnHttpUrlWithNothingAfterItsPath() {
        assertThat(ProxySettings.fromEnvironment(Map.of()).approvalsPublicUrl()).isNull();
        assertThat(ProxySettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_PUBLIC_URL", " ")).approvalsPublicUrl()).isNull();
        assertThat(ProxySettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_PUBLIC_URL", "https://tg.example.com/ops/"))
                .approvalsPublicUrl()).isEqualTo("https://tg.example.com/ops");
        for (String refused : List.of("ftp://tg.example.com", "tg.example.com", "https://bob:pw@tg.example.com",
                "https://tg.example.com/?a=b", "https://tg.example.com/#x", "https://tg.example.com/{id}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            ProxySettings.fromEnvironment(Map.of("TOOLGATE_APPROVALS_PUBLIC_URL", refused)))
                    .as(refused).hasMessageStartingWith("TOOLGATE_APPROVALS_PUBLIC_URL (approvalsApi.publicUrl) must be");
        }
    }

    @Test
    void mountsTheApiKeysSecretAndPassesItsFile() {
        McpServer server = Fixtures.withApiKeys(Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp"), "conductor-keys");
        Deployment deployment = dependent.desired(server, new StubContext(server));

        Container proxy = only(deployment);
        assertThat(proxy.getArgs()).endsWith("--api-keys", "/etc/toolgate/api-keys/api-keys.yaml");
        // what the proxy's own parser is fed in ServeArgumentsTest: the same record, rendered the same way
        assertThat(ProxyDeploymentDependent.proxyCommand(server)).isEqualTo(new KubernetesServe(
                PolicyConfigMap.of("conductor"), "conductor", "http://conductor-mcp:8080/mcp", 8080, "0.0.0.0", 9090,
                "/etc/toolgate/api-keys/api-keys.yaml", null, false, null, KubernetesServe.Identities.NONE,
                new KubernetesServe.Approval(null, "/etc/toolgate/approval-state/key", 0)));
        assertThat(proxy.getArgs()).isEqualTo(ProxyDeploymentDependent.proxyCommand(server).args());
        assertThat(proxy.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/toolgate/api-keys");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
                .containsExactlyInAnyOrder("conductor-keys", "conductor-toolgate-approval-state");
    }

    @Test
    void passesSpecAuthToTheProxyAndTheUpstreamTokenFromItsSecretNeverOnTheCommandLine() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        var oidc = new OidcAuth();
        oidc.setIssuer("https://issuer.example.test");
        oidc.setAudience("https://conductor.example.test/mcp");
        oidc.setGrantsClaim("groups");
        oidc.setRequiredScopes(List.of("mcp:tools"));
        var serviceAccounts = new ServiceAccountsAuth();
        serviceAccounts.setAudience("http://conductor-toolgate.tools.svc:8080/mcp");
        var upstreamToken = new SecretKeyRef();
        upstreamToken.setName("conductor-upstream");
        upstreamToken.setKey("token");
        var auth = new Auth();
        auth.setOidc(oidc);
        auth.setServiceAccounts(serviceAccounts);
        auth.setUpstreamTokenSecretRef(upstreamToken);
        server.getSpec().setAuth(auth);

        Container proxy = only(dependent.desired(server, new StubContext(server)));

        assertThat(proxy.getArgs()).endsWith("--oidc-issuer", "https://issuer.example.test",
                "--oidc-audience", "https://conductor.example.test/mcp", "--grants-claim", "groups",
                "--required-scope", "mcp:tools", "--service-account-audience", "http://conductor-toolgate.tools.svc:8080/mcp");
        assertThat(proxy.getEnv()).filteredOn(e -> e.getName().equals(PodEnvironment.UPSTREAM_TOKEN)).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("conductor-upstream");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
    }

    @Test
    void anUpstreamImageRunsAsASidecarReachedOnLocalhost() {
        McpServer server = Fixtures.mcpServer("github", null);
        var sidecar = new Sidecar();
        sidecar.setImage("ghcr.io/github/github-mcp-server:1.0");
        sidecar.setPort(8000);
        sidecar.setArgs(List.of("http", "--port", "8000"));
        var upstream = new Upstream();
        upstream.setSidecar(sidecar);
        server.getSpec().setUpstream(upstream);

        Deployment deployment = dependent.desired(server, new StubContext(server));

        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("proxy", "upstream");
        assertThat(containers.get(0).getArgs()).containsSequence("--upstream", "http://127.0.0.1:8000/mcp");
        assertThat(containers.get(1).getImage()).isEqualTo("ghcr.io/github/github-mcp-server:1.0");
        assertThat(containers.get(1).getArgs()).containsExactly("http", "--port", "8000");
    }

    @Test
    void specOverridesImageReplicasAndResources() {
        McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");
        server.getSpec().setImage("mirror.example.com/toolgate-proxy:0.1.0");
        server.getSpec().setReplicas(3);
        server.getSpec().setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("256Mi")).build());

        Deployment deployment = dependent.desired(server, new StubContext(server));

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(only(deployment).getImage()).isEqualTo("mirror.example.com/toolgate-proxy:0.1.0");
        assertThat(only(deployment).getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void theDefaultImageComesFromTheEnvironment() {
        assertThat(ProxySettings.fromEnvironment(Map.of()).defaultImage()).isEqualTo("ghcr.io/toolgate/toolgate-proxy:0.1.0");
        assertThat(ProxySettings.fromEnvironment(Map.of("TOOLGATE_PROXY_IMAGE", " mirror/proxy:1 ")).defaultImage()).isEqualTo("mirror/proxy:1");
    }

    private static Container only(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
