package dev.toolgate.operator.dependent;

import dev.toolgate.admin.AdminServer;
import dev.toolgate.contract.PodEnvironment;
import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.contract.ServeFlag;
import dev.toolgate.operator.approvals.ApprovalPaths;
import dev.toolgate.operator.customresource.ApprovalSpec;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.customresource.Sidecar;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;


/**
 * The proxy pods: {@code toolgate-proxy serve} reading its policy from the ConfigMap through the API (a watch), so
 * nothing about the policy is in the pod template and a policy change never restarts a pod. The template changes only
 * when the McpServer's spec does (image, upstream, replicas, resources, API-keys Secret, shared counters).
 */
@KubernetesDependent(informer = @Informer(labelSelector = ProxyNames.MANAGED_BY_SELECTOR))
public class ProxyDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, McpServer> {
    static final String PROXY_CONTAINER = "proxy";
    static final String UPSTREAM_CONTAINER = "upstream";
    private static final String API_KEYS_VOLUME = "api-keys";
    private static final String TMP_VOLUME = "tmp";
    private static final String APPROVAL_STATE_VOLUME = "approval-state";

    private final ProxySettings settings;

    public ProxyDeploymentDependent() {
        this(ProxySettings.fromEnvironment(System.getenv()));
    }

    public ProxyDeploymentDependent(ProxySettings settings) {
        this.settings = settings;
    }

    @Override
    protected Deployment desired(McpServer server, Context<McpServer> context) {
        var spec = server.getSpec();
        var pod = new PodSpecBuilder()
                .withServiceAccountName(ProxyNames.proxy(server));
        ContainerBuilder proxy = proxyContainer(server);
        SharedCountersWiring.addTo(server, proxy, pod);
        pod.addToContainers(proxy.build());
        Sidecar sidecar = spec.getUpstream().getSidecar();
        if (sidecar != null) {
            pod.addToContainers(upstreamContainer(sidecar));
        }
        // the root filesystem is read-only; the JVM and Netty (its native transport library) need a writable /tmp
        pod.addToVolumes(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        // every replica seals and opens MCP 2026-07-28 requestStates with the same key (ApprovalStateSecretDependent)
        pod.addToVolumes(new VolumeBuilder().withName(APPROVAL_STATE_VOLUME)
                .withNewSecret().withSecretName(ProxyNames.approvalState(server)).endSecret()
                .build());
        if (spec.getApiKeysSecretRef() != null) {
            pod.addToVolumes(new VolumeBuilder()
                    .withName(API_KEYS_VOLUME)
                    .withNewSecret().withSecretName(spec.getApiKeysSecretRef().getName()).endSecret()
                    .build());
        }
        return new DeploymentBuilder()
                .withMetadata(ProxyNames.ownedMetadata(server, ProxyNames.proxy(server)))
                .withNewSpec()
                .withReplicas(spec.getReplicas() == null ? 1 : spec.getReplicas())
                .withNewSelector().withMatchLabels(ProxyNames.selector(server)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(ProxyNames.labels(server)).endMetadata()
                .withSpec(pod.build())
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The proxy's command line in Kubernetes mode, its approval links naming its admin port; the proxy's {@code serve}
     * parses its {@code args()}.
     */
    static KubernetesServe proxyCommand(McpServer server) {
        return proxyCommand(server, null);
    }

    /** As above, the approval links on the operator's page at {@code approvalsPublicUrl} when it is not null. */
    static KubernetesServe proxyCommand(McpServer server, String approvalsPublicUrl) {
        return new KubernetesServe(ProxyNames.policyConfigMap(server), server.getMetadata().getName(),
                upstreamUrl(server), ProxyNames.MCP_PORT, "0.0.0.0", ProxyNames.ADMIN_PORT,
                server.getSpec().getApiKeysSecretRef() == null ? null : ProxyNames.API_KEYS_DIR + "/" + ProxyNames.API_KEYS_KEY,
                SharedCountersWiring.serve(server), ToolSettings.trustAnnotations(server), ToolSettings.onChange(server),
                ProxyIdentities.of(server), approval(server, approvalsPublicUrl));
    }

    /**
     * {@code spec.approval} as the proxy's flags: absent fields keep the proxy's defaults (a 2026-07-28 retry waits its
     * default, calls waiting for approval are answered at once); the requestState key is always the mounted Secret's.
     * With a public URL of the operator's page, the agents' link is that page's path of the ToolCallApproval, which is
     * named by the approval's id in the McpServer's namespace: {@code <public URL>/approvals/<namespace>/{id}}.
     */
    static KubernetesServe.Approval approval(McpServer server, String approvalsPublicUrl) {
        ApprovalSpec approval = server.getSpec().getApproval();
        String link = approvalsPublicUrl == null ? null
                : approvalsPublicUrl + ApprovalPaths.one(server.getMetadata().getNamespace(), ServeFlag.APPROVAL_URL_ID);
        return new KubernetesServe.Approval(approval == null ? null : approval.getWaitSeconds(),
                ProxyNames.APPROVAL_STATE_DIR + "/" + ProxyNames.APPROVAL_STATE_KEY,
                approval == null || approval.getHoldOpenSeconds() == null ? 0 : approval.getHoldOpenSeconds(), link);
    }

    static String upstreamUrl(McpServer server) {
        Sidecar sidecar = server.getSpec().getUpstream().getSidecar();
        if (sidecar == null) {
            return server.getSpec().getUpstream().getUrl();
        }
        String path = sidecar.getPath() == null ? "/mcp" : sidecar.getPath();
        return "http://127.0.0.1:" + sidecar.getPort() + path;
    }

    private ContainerBuilder proxyContainer(McpServer server) {
        var spec = server.getSpec();
        var container = new ContainerBuilder()
                .withName(PROXY_CONTAINER)
                .withImage(spec.getImage() == null ? settings.defaultImage() : spec.getImage())
                .withArgs(proxyCommand(server, settings.approvalsPublicUrl()).args())
                .withEnv(new EnvVarBuilder().withName(PodEnvironment.POD_NAMESPACE)
                                .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endValueFrom()
                                .build(),
                        // the proxy's Events name it as their reportingInstance
                        new EnvVarBuilder().withName(PodEnvironment.POD_NAME)
                                .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                                .build())
                .addAllToEnv(ProxyIdentities.environment(server))
                .withPorts(
                        new ContainerPortBuilder().withName("mcp").withContainerPort(ProxyNames.MCP_PORT).withProtocol("TCP").build(),
                        new ContainerPortBuilder().withName("admin").withContainerPort(ProxyNames.ADMIN_PORT).withProtocol("TCP").build())
                .withReadinessProbe(probe(AdminServer.READY_PATH))
                .withLivenessProbe(probe(AdminServer.HEALTH_PATH))
                .withResources(spec.getResources())
                .withSecurityContext(restricted())
                .addToVolumeMounts(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build(),
                        new VolumeMountBuilder().withName(APPROVAL_STATE_VOLUME).withMountPath(ProxyNames.APPROVAL_STATE_DIR)
                                .withReadOnly(true).build());
        if (spec.getApiKeysSecretRef() != null) {
            container.addToVolumeMounts(new VolumeMountBuilder()
                    .withName(API_KEYS_VOLUME).withMountPath(ProxyNames.API_KEYS_DIR).withReadOnly(true).build());
        }
        return container;
    }

    private static Container upstreamContainer(Sidecar sidecar) {
        return new ContainerBuilder()
                .withName(UPSTREAM_CONTAINER)
                .withImage(sidecar.getImage())
                .withArgs(sidecar.getArgs())
                .withEnv(sidecar.getEnv())
                .withPorts(new ContainerPortBuilder().withName("upstream").withContainerPort(sidecar.getPort()).withProtocol("TCP").build())
                .build();
    }

    private static Probe probe(String path) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("admin")).endHttpGet()
                .withPeriodSeconds(10)
                .build();
    }

    private static SecurityContext restricted() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
