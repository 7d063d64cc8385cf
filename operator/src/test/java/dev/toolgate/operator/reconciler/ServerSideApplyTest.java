package dev.toolgate.operator.reconciler;

import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.OperatorHarness;
import dev.toolgate.operator.OperatorRuntime;
import dev.toolgate.operator.OperatorSettings;
import dev.toolgate.operator.SsaTolerantDispatcher;
import dev.toolgate.operator.TestValidators;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.ToolPolicy;
import dev.toolgate.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator configured exactly as in production (server-side apply for dependents and status), on a mock API
 * server that accepts apply patches as merge patches.
 */
class ServerSideApplyTest {
    private static final String NS = Fixtures.NAMESPACE;

    private final SsaTolerantDispatcher dispatcher = new SsaTolerantDispatcher();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private OperatorRuntime operator;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        OperatorHarness.registerCrds(client);
        operator = OperatorRuntime.start(client, new OperatorSettings(Set.of(), "ssa-test", 0), TestValidators.current(),
                o -> o.withCloseClientOnStop(false));
    }

    @AfterEach
    void stop() {
        operator.close();
        client.close();
        server.destroy();
    }

    @Test
    void withServerSideApplyTheOwnedObjectsStatusAndPolicyUpdatesWork() {
        client.resource(Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp")).inNamespace(NS).create();
        client.resource(Fixtures.toolPolicy("conductor-limits", "conductor", Fixtures.SEED)).inNamespace(NS).create();

        await().untilAsserted(() -> {
            McpServer mcp = client.resources(McpServer.class).inNamespace(NS).withName("conductor").get();
            assertThat(mcp.getStatus()).isNotNull();
            assertThat(Conditions.find(mcp.getStatus().getConditions(), McpServerReconciler.POLICY_APPLIED).orElseThrow().getStatus())
                    .as("%s / %s", mcp.getStatus().getConditions(),
                            client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").get().getStatus())
                    .isEqualTo("True");
        });
        for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind : java.util.List.of(Deployment.class,
                io.fabric8.kubernetes.api.model.Service.class, io.fabric8.kubernetes.api.model.ServiceAccount.class,
                io.fabric8.kubernetes.api.model.rbac.Role.class, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class)) {
            assertThat(client.resources(kind).inNamespace(NS).withName("conductor-toolgate").get()).as(kind.getSimpleName()).isNotNull();
        }
        ToolPolicy accepted = client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").get();
        assertThat(accepted.getStatus().getToolsCovered()).isEqualTo(1);

        client.resources(ToolPolicy.class).inNamespace(NS).withName("conductor-limits").edit(tp -> {
            tp.getSpec().getTools().get("run_workflow").getLimits().get(0).setMax(25L);
            return tp;
        });
        await().untilAsserted(() -> assertThat(client.resources(ConfigMap.class).inNamespace(NS).withName("conductor-toolgate-policy").get()
                .getData().get("policy.json")).contains("\"value\":25"));
        assertThat(dispatcher.appliedPaths()).as("the production code paths ran: server-side apply of dependents and status")
                .contains("/apis/apps/v1/namespaces/tools/deployments/conductor-toolgate",
                        "/apis/toolgate.dev/v1alpha1/namespaces/tools/mcpservers/conductor/status",
                        "/apis/toolgate.dev/v1alpha1/namespaces/tools/toolpolicies/conductor-limits/status");
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("conductor-toolgate").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--policy-configmap");
    }
}
