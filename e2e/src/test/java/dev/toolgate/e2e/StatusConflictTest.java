package dev.toolgate.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Item 6 of issue #16: the reconcilers write status without the cached object's {@code metadata.resourceVersion},
 * so the API server never answers them 409 Conflict. A steady run with several ToolPolicies on one McpServer, each
 * edited, every write of the operator read back from the API server's audit log.
 */
@ExtendWith(RealApiServer.class)
class StatusConflictTest {
    private static final String NS = "steady";
    private static final int POLICIES = 4;

    private static InJvmOperator operator;

    @BeforeAll
    static void start(ControlPlane cluster) throws Exception {
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        cluster.kubectl().run("create", "namespace", NS).orFail();
        operator = InJvmOperator.start(cluster, NS);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void aSteadyRunWritesStatusWithoutASingleConflict(ControlPlane cluster) {
        Kubectl kubectl = cluster.kubectl();
        kubectl.runWithInput("""
                apiVersion: toolgate.dev/v1alpha1
                kind: McpServer
                metadata: {name: steady}
                spec: {upstream: {url: "http://upstream.example:3000/mcp"}}
                """, "-n", NS, "apply", "-f", "-").orFail();
        for (int edit = 1; edit <= 3; edit++) {
            for (int i = 0; i < POLICIES; i++) {
                kubectl.runWithInput("""
                        apiVersion: toolgate.dev/v1alpha1
                        kind: ToolPolicy
                        metadata: {name: policy-%d}
                        spec: {targetRef: {name: steady}, version: "1", tools: {tool_%d: {rate_limit: %d/minute}}}
                        """.formatted(i, i, edit * 10), "-n", NS, "apply", "-f", "-").orFail();
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("-n", NS, "get", "mcpserver", "steady", "-o",
                "jsonpath={.status.policyCount}").out().equals(String.valueOf(POLICIES))
                && kubectl.run("-n", NS, "get", "toolpolicies", "-o",
                "jsonpath={.items[*].status.acceptedGeneration}").out().equals("3 3 3 3"));

        var operatorWrites = cluster.audit().entries().stream()
                .filter(e -> e.user().equals(ToolgateChart.OPERATOR.username()) && e.uri().contains("/namespaces/" + NS + "/")
                        && e.uri().contains("/status")).toList();
        assertThat(operatorWrites).as("the operator wrote status").isNotEmpty();
        assertThat(operatorWrites).as("status writes answered 409 Conflict").noneMatch(e -> e.code() == 409);
    }
}
