package dev.toolgate.helm;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code helm install} prints afterwards: the next things to apply, with the release's real names. */
class HelmNotesTest {

    private static String notes(String... sets) {
        var install = new Helm(RenderedChart.chartDirectory()).install()
                .withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .withKubeVersion(RenderedChart.KUBE_VERSION)
                .clientOnly()
                .dryRun();
        for (int i = 0; i < sets.length; i += 2) {
            install.set(sets[i], sets[i + 1]);
        }
        return install.call().getOutput();
    }

    @Test
    void tellsTheUserWhatToApplyNextAndHowToSeeRefusals() {
        String notes = notes();

        assertThat(notes)
                .contains("kubectl -n toolgate-system rollout status deployment/toolgate-operator")
                .contains("kind: McpServer")
                .contains("kind: ToolPolicy")
                .contains("kubectl get events --field-selector reason=RateLimited")
                .contains("kubectl describe toolpolicy")
                .contains("watches McpServers and ToolPolicies in every namespace")
                .contains("ghcr.io/toolgate/toolgate-proxy:0.1.0")
                .contains("port-forward svc/toolgate-operator-metrics 8080:8080")
                .contains("http://127.0.0.1:8080/approvals")
                .contains("in a browser: open http://127.0.0.1:8080/approvals and paste the token");
    }

    @Test
    void saysWhereTheAgentsApprovalLinksPoint() {
        assertThat(notes()).contains("set approvalsApi.publicUrl");
        assertThat(notes("approvalsApi.publicUrl", "https://toolgate-approvals.example.com/"))
                .contains("given https://toolgate-approvals.example.com/approvals/<namespace>/<name>, this page")
                .doesNotContain("set approvalsApi.publicUrl");
    }

    @Test
    void saysNothingOfTheApprovalsApiWhenItIsOff() {
        assertThat(notes("approvalsApi.enabled", "false")).doesNotContain("/approvals");
    }

    @Test
    void namesTheWatchedNamespaces() {
        assertThat(notes("watchNamespaces[0]", "agents", "watchNamespaces[1]", "team-b"))
                .contains("watches McpServers and ToolPolicies in: agents, team-b.");
    }
}
