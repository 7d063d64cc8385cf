package dev.toolgate.operator.dependent;

import dev.toolgate.operator.Fixtures;
import dev.toolgate.operator.customresource.McpServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The Service, ServiceAccount, Role and RoleBinding: what reaches the proxy and what the proxy may do. */
class ProxyAccessDependentsTest {
    private final McpServer server = Fixtures.mcpServer("conductor", "http://conductor-mcp:8080/mcp");

    @Test
    void theRoleGrantsReadingItsOwnConfigMapAndMcpServerPatchingItsStatusAndWritingEventsNothingMore() {
        Role role = new ProxyRoleDependent().desired(server, new StubContext(server));

        assertThat(role.getMetadata().getName()).isEqualTo("conductor-toolgate");
        assertThat(role.getRules()).extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getResourceNames, PolicyRule::getVerbs)
                .containsExactly(
                        tuple(java.util.List.of(""), java.util.List.of("configmaps"), java.util.List.of("conductor-toolgate-policy"), java.util.List.of("get", "list", "watch")),
                        tuple(java.util.List.of("toolgate.dev"), java.util.List.of("mcpservers"), java.util.List.of("conductor"), java.util.List.of("get", "list", "watch")),
                        tuple(java.util.List.of("toolgate.dev"), java.util.List.of("mcpservers/status"), java.util.List.of("conductor"), java.util.List.of("patch")),
                        tuple(java.util.List.of("events.k8s.io"), java.util.List.of("events"), java.util.List.of(), java.util.List.of("create", "patch", "update")),
                        tuple(java.util.List.of("toolgate.dev"), java.util.List.of("toolcallapprovals"), java.util.List.of(), java.util.List.of("create", "get", "list", "watch", "patch")));
    }

    @Test
    void theBindingGivesTheRoleToTheProxyServiceAccount() {
        RoleBinding binding = new ProxyRoleBindingDependent().desired(server, new StubContext(server));
        var account = new ProxyServiceAccountDependent().desired(server, new StubContext(server));

        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("conductor-toolgate");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        });
    }

    @Test
    void theServiceExposesMcpOnTheChosenPortAndTheAdminPort() {
        server.getSpec().setServicePort(80);
        Service service = new ProxyServiceDependent().desired(server, new StubContext(server));

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("mcp:80->mcp", "admin:9090->admin");
        assertThat(service.getSpec().getSelector()).isEqualTo(ProxyNames.selector(server));
        assertThat(ProxyNames.endpoint(server)).isEqualTo("http://conductor-toolgate.tools.svc:80/mcp");
    }

    @Test
    void everyOwnedObjectCarriesTheManagedByLabelTheInformersSelect() {
        var context = new StubContext(server);
        for (var owned : java.util.List.of(new ProxyRoleDependent().desired(server, context), new ProxyRoleBindingDependent().desired(server, context),
                new ProxyServiceAccountDependent().desired(server, context), new ProxyServiceDependent().desired(server, context))) {
            assertThat(owned.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "toolgate-operator")
                    .containsEntry("toolgate.dev/mcpserver", "conductor");
        }
    }

    @Test
    void aProxyAcceptingServiceAccountTokensIsBoundToTheTokenReviewClusterRoleUnderANameOfItsOwn() {
        var binding = new ProxyTokenReviewBindingDependent(new ProxySettings("img", "toolgate-operator-proxy-tokenreview"))
                .desired(server, new StubContext(server));

        assertThat(binding.getMetadata().getName()).isEqualTo("toolgate-tokenreview:" + Fixtures.NAMESPACE + ":conductor");
        assertThat(binding.getMetadata().getNamespace()).isNull();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo("toolgate-operator-proxy-tokenreview");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("conductor-toolgate");
            assertThat(s.getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        });
        assertThat(binding.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "toolgate-operator");
    }

    @Test
    void onlyAnMcpServerWithServiceAccountsInItsAuthActivatesTheBinding() {
        var condition = new AcceptsServiceAccountTokens();
        assertThat(condition.isMet(null, server, new StubContext(server))).isFalse();

        var auth = new dev.toolgate.operator.customresource.Auth();
        auth.setServiceAccounts(new dev.toolgate.operator.customresource.ServiceAccountsAuth());
        server.getSpec().setAuth(auth);
        assertThat(condition.isMet(null, server, new StubContext(server))).isTrue();
    }
}
