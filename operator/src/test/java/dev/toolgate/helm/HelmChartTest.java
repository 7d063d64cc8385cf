package dev.toolgate.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.toolgate.operator.OperatorSettings;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.dependent.ProxyRoleDependent;
import dev.toolgate.operator.dependent.ProxySettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.toolgate.helm.RenderedChart.NAMESPACE;
import static dev.toolgate.helm.RenderedChart.render;
import static dev.toolgate.helm.RenderedChart.sets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HelmChartTest {
    private static final String OPERATOR = "toolgate-operator";

    private static Container operatorContainer(RenderedChart chart) {
        return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(RenderedChart.chartDirectory()).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void installsTheOperatorWithTheDefaultImagesProbesAndMetricsPort() {
        RenderedChart chart = render();

        Deployment deployment = chart.one(Deployment.class);
        assertThat(deployment.getMetadata().getName()).isEqualTo(OPERATOR);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(OPERATOR);
        Container operator = operatorContainer(chart);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/toolgate/toolgate-operator:0.1.0");
        assertThat(env(operator, "TOOLGATE_PROXY_IMAGE")).isEqualTo("ghcr.io/toolgate/toolgate-proxy:0.1.0");
        assertThat(env(operator, "WATCH_NAMESPACES")).isEmpty();
        assertThat(operator.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(operator.getResources().getRequests()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();

        assertThat(chart.one(ServiceAccount.class).getMetadata().getName()).isEqualTo(OPERATOR);
        Service metrics = chart.one(Service.class);
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
        });
        assertThat(metrics.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void watchingEveryNamespaceGrantsAClusterRoleAndNoRoles() {
        RenderedChart chart = render();

        ClusterRole role = named(chart.all(ClusterRole.class), OPERATOR);
        OperatorPermissions.assertExactly(role.getRules());
        ClusterRoleBinding binding = named(chart.all(ClusterRoleBinding.class), OPERATOR);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(OPERATOR);
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });
        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(chart.all(RoleBinding.class)).isEmpty();
    }

    @Test
    void watchingListedNamespacesGrantsARolePerNamespaceAndNothingClusterWideButTheTokenAndAccessReviewRbac() {
        RenderedChart chart = render(sets("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));

        assertThat(chart.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(OPERATOR + "-proxy-tokenreview", OPERATOR + "-tokenreview-binder",
                        OPERATOR + "-approvals-reviewer");
        assertThat(chart.all(ClusterRoleBinding.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(OPERATOR + "-tokenreview-binder", OPERATOR + "-approvals-reviewer");
        assertThat(render(sets("watchNamespaces[0]", "team-a", "rbac.serviceAccountTokens", "false",
                "approvalsApi.enabled", "false")).all(ClusterRole.class)).isEmpty();
        List<Role> roles = chart.all(Role.class);
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        roles.forEach(role -> OperatorPermissions.assertExactly(role.getRules()));
        List<RoleBinding> bindings = chart.all(RoleBinding.class);
        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsExactly("team-a", "team-b");
        assertThat(bindings).allSatisfy(binding -> {
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getName()).isEqualTo(OPERATOR);
                assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
        });
        assertThat(env(operatorContainer(chart), "WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
    }

    @Test
    void theOperatorHoldsEverythingTheProxiesRoleGrants() {
        // Kubernetes refuses to let the operator create a Role granting more than it holds itself: every verb of the
        // Role the operator builds for a proxy must be in the chart's rules, in both modes
        McpServer server = new McpServer();
        server.setMetadata(new ObjectMetaBuilder().withName("conductor").withNamespace("team-a").build());
        List<PolicyRule> proxyRules = new ProxyRole().of(server).getRules();
        assertThat(proxyRules).isNotEmpty();

        List<PolicyRule> clusterWide = named(render().all(ClusterRole.class), OPERATOR).getRules();
        List<PolicyRule> namespaced = render(sets("watchNamespaces[0]", "team-a")).one(Role.class).getRules();
        for (PolicyRule granted : proxyRules) {
            for (String group : granted.getApiGroups()) {
                for (String resource : granted.getResources()) {
                    assertThat(OperatorPermissions.verbs(clusterWide, group, resource)).as(group + "/" + resource)
                            .containsAll(granted.getVerbs());
                    assertThat(OperatorPermissions.verbs(namespaced, group, resource)).as(group + "/" + resource)
                            .containsAll(granted.getVerbs());
                }
            }
        }
    }

    /** The operator's own proxy Role, as it would create it. */
    private static final class ProxyRole extends ProxyRoleDependent {
        Role of(McpServer server) {
            return desired(server, null);
        }
    }

    @Test
    void valuesOverrideImagesResourcesAndTheServiceAccount() {
        RenderedChart chart = render(sets(
                "image.repository", "registry.example.com/tg/operator",
                "image.tag", "0.2.0-rc1",
                "image.pullPolicy", "Always",
                "proxyImage.repository", "registry.example.com/tg/proxy",
                "proxyImage.tag", "0.2.0-rc1",
                "resources.limits.memory", "1Gi",
                "resources.requests.cpu", "250m",
                "serviceAccount.name", "gatekeeper",
                "metrics.service.port", "9095",
                "logLevel", "DEBUG",
                "extraEnv[0].name", "HTTPS_PROXY",
                "extraEnv[0].value", "http://egress:3128"));

        Container operator = operatorContainer(chart);
        assertThat(operator.getImage()).isEqualTo("registry.example.com/tg/operator:0.2.0-rc1");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(env(operator, "TOOLGATE_PROXY_IMAGE")).isEqualTo("registry.example.com/tg/proxy:0.2.0-rc1");
        assertThat(env(operator, "HTTPS_PROXY")).isEqualTo("http://egress:3128");
        assertThat(env(operator, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=75 -Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(operator.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(operator.getPorts().get(0).getContainerPort()).as("what the operator serves").isEqualTo(8080);
        assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(9095);
        assertThat(chart.one(ServiceAccount.class).getMetadata().getName()).isEqualTo("gatekeeper");
        assertThat(chart.all(ClusterRoleBinding.class)).allSatisfy(b -> assertThat(b.getSubjects().get(0).getName()).isEqualTo("gatekeeper"));
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("gatekeeper");
    }

    @Test
    void proxiesAcceptingServiceAccountTokensGetExactlyCreateOnTokenReviewsWhichTheOperatorMayBindButNotHold() {
        RenderedChart chart = render();

        ClusterRole proxies = named(chart.all(ClusterRole.class), OPERATOR + "-proxy-tokenreview");
        assertThat(proxies.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("authentication.k8s.io");
            assertThat(rule.getResources()).containsExactly("tokenreviews");
            assertThat(rule.getVerbs()).containsExactly("create");
        });
        ClusterRole binder = named(chart.all(ClusterRole.class), OPERATOR + "-tokenreview-binder");
        assertThat(binder.getRules()).filteredOn(r -> r.getResources().contains("clusterroles")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getVerbs()).containsExactly("bind");
                    assertThat(rule.getResourceNames()).containsExactly(proxies.getMetadata().getName());
                });
        assertThat(binder.getRules()).noneMatch(r -> r.getResources().contains("tokenreviews"));
        assertThat(named(chart.all(ClusterRoleBinding.class), OPERATOR + "-tokenreview-binder").getRoleRef().getName())
                .isEqualTo(binder.getMetadata().getName());
        assertThat(env(operatorContainer(chart), "TOOLGATE_TOKENREVIEW_CLUSTERROLE")).isEqualTo(proxies.getMetadata().getName());
        assertThat(render(sets("rbac.serviceAccountTokens", "false")).all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(OPERATOR, OPERATOR + "-approvals-reviewer");
    }

    @Test
    void theApprovalsApiGetsTokenAndAccessReviewsAndTheStatusWriteAndTheAdmissionPolicyAdmitsOnlyTheOperatorVouching() {
        RenderedChart chart = render();

        ClusterRole reviewer = named(chart.all(ClusterRole.class), OPERATOR + "-approvals-reviewer");
        assertThat(OperatorPermissions.flatten(reviewer.getRules())).isEqualTo(Map.of(
                "authentication.k8s.io/tokenreviews", Set.of("create"),
                "authorization.k8s.io/subjectaccessreviews", Set.of("create")));
        assertThat(named(chart.all(ClusterRoleBinding.class), OPERATOR + "-approvals-reviewer").getSubjects())
                .singleElement().satisfies(subject -> {
                    assertThat(subject.getName()).isEqualTo(OPERATOR);
                    assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
                });
        assertThat(env(operatorContainer(chart), "TOOLGATE_APPROVALS_API")).isEqualTo("true");
        assertThat(vouching(chart)).isEqualTo("'system:serviceaccount:" + NAMESPACE + ":" + OPERATOR + "'");
        assertThat(vouching(render(sets("serviceAccount.name", "gatekeeper"))))
                .isEqualTo("'system:serviceaccount:" + NAMESPACE + ":gatekeeper'");

        RenderedChart off = render(sets("approvalsApi.enabled", "false"));
        assertThat(off.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName()).doesNotContain(OPERATOR + "-approvals-reviewer");
        assertThat(OperatorPermissions.verbs(named(off.all(ClusterRole.class), OPERATOR).getRules(), "toolgate.dev",
                "toolcallapprovals/status")).isEmpty();
        assertThat(env(operatorContainer(off), "TOOLGATE_APPROVALS_API")).isEqualTo("false");
        assertThat(vouching(off)).isEqualTo("''");
    }

    @Test
    void theApprovalsPublicUrlReachesTheOperatorWhichLinksTheProxiesToItsPage() {
        assertThat(operatorContainer(render()).getEnv()).extracting(EnvVar::getName)
                .doesNotContain(ProxySettings.APPROVALS_PUBLIC_URL_ENV);

        Container operator = operatorContainer(render(sets("approvalsApi.publicUrl", "https://toolgate-approvals.example.com")));
        assertThat(env(operator, ProxySettings.APPROVALS_PUBLIC_URL_ENV)).isEqualTo("https://toolgate-approvals.example.com");
        Map<String, String> environment = new java.util.HashMap<>();
        operator.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> environment.put(e.getName(), e.getValue()));
        assertThat(ProxySettings.fromEnvironment(environment).approvalsPublicUrl()).isEqualTo("https://toolgate-approvals.example.com");
        assertThat(OperatorSettings.fromEnvironment(environment).approvalsApi()).isTrue();

        assertThatThrownBy(() -> render(sets("approvalsApi.publicUrl", "https://toolgate-approvals.example.com",
                "approvalsApi.enabled", "false")))
                .hasMessageContaining("approvalsApi.publicUrl needs approvalsApi.enabled");
    }

    /** The CEL expression naming the one writer the admission policy lets name another approver. */
    private static String vouching(RenderedChart chart) {
        return chart.one(ValidatingAdmissionPolicy.class).getSpec().getVariables().stream()
                .filter(v -> v.getName().equals("vouching")).findFirst().orElseThrow().getExpression();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T named(List<T> objects, String name) {
        return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in the rendered chart"));
    }

    @Test
    void anExistingServiceAccountAndOwnRbacCanBeUsedInstead() {
        RenderedChart chart = render(sets("serviceAccount.create", "false", "serviceAccount.name", "platform-sa",
                "rbac.create", "false"));

        assertThat(chart.all(ServiceAccount.class)).isEmpty();
        assertThat(chart.all(ClusterRole.class)).isEmpty();
        assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("platform-sa");
    }

    @Test
    void theServiceMonitorIsOffByDefaultAndScrapesTheMetricsServiceWhenOn() {
        assertThat(render().ofKind("ServiceMonitor")).isEmpty();

        RenderedChart chart = render(sets("serviceMonitor.enabled", "true", "serviceMonitor.interval", "15s",
                "serviceMonitor.labels.release", "kube-prometheus"));

        GenericKubernetesResource monitor = chart.ofKind("ServiceMonitor").get(0);
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");
        Map<String, Object> endpoint = monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertThat(endpoint).containsEntry("port", "metrics").containsEntry("path", "/metrics").containsEntry("interval", "15s");
        Map<String, Object> selected = monitor.get("spec", "selector", "matchLabels");
        assertThat(chart.one(Service.class).getMetadata().getLabels()).containsAllEntriesOf(
                selected.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue())));
    }

    @Test
    void aServiceMonitorWithoutTheMetricsServiceIsRefusedWithTheReason() {
        assertThatThrownBy(() -> render(sets("serviceMonitor.enabled", "true", "metrics.service.enabled", "false")))
                .hasMessageContaining("serviceMonitor.enabled needs metrics.service.enabled");
        assertThat(render(sets("metrics.service.enabled", "false")).all(Service.class)).isEmpty();
    }

    @Test
    void theOperatorUnderstandsTheEnvironmentTheChartGivesIt() {
        Container operator = operatorContainer(render(sets("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b")));
        Map<String, String> env = new java.util.HashMap<>();
        operator.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));

        assertThat(OperatorSettings.fromEnvironment(env).watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(OperatorSettings.fromEnvironment(env).httpPort()).isEqualTo(operator.getPorts().get(0).getContainerPort());
        assertThat(ProxySettings.fromEnvironment(env).defaultImage()).isEqualTo(ProxySettings.DEFAULT_IMAGE);
        assertThat(operator.getEnv()).filteredOn(e -> e.getName().equals("POD_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
    }
}
