package dev.toolgate.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes events.k8s.io/v1 Warning Events about the operator's resources, so kubectl describe shows them. */
public final class WarningEvents {
    public static final String REPORTING_CONTROLLER = "toolgate.dev/operator";
    private static final Logger LOG = LoggerFactory.getLogger(WarningEvents.class);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);
    private static final int MAX_NOTE = 1024;

    private final String reportingInstance;
    private final Clock clock;

    public WarningEvents(String reportingInstance, Clock clock) {
        this.reportingInstance = reportingInstance;
        this.clock = clock;
    }

    /** Records a Warning; a failure to record is logged, never fails the reconcile (the status carries the same facts). */
    public void warn(KubernetesClient client, HasMetadata regarding, String reason, String action, String note) {
        var now = clock.instant();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(regarding.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1_000_000L + now.getNano() % 1_000_000))
                .withNamespace(regarding.getMetadata().getNamespace())
                .endMetadata()
                .withRegarding(new ObjectReferenceBuilder()
                        .withApiVersion(regarding.getApiVersion())
                        .withKind(regarding.getKind())
                        .withName(regarding.getMetadata().getName())
                        .withNamespace(regarding.getMetadata().getNamespace())
                        .withUid(regarding.getMetadata().getUid())
                        .withResourceVersion(regarding.getMetadata().getResourceVersion())
                        .build())
                .withType("Warning")
                .withReason(reason)
                .withAction(action)
                .withNote(note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE - 3) + "..." : note)
                .withEventTime(new MicroTime(MICRO_TIME.format(now)))
                .withReportingController(REPORTING_CONTROLLER)
                .withReportingInstance(reportingInstance)
                .build();
        try {
            client.events().v1().events().inNamespace(regarding.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, regarding.getKind(), regarding.getMetadata().getName(), e.getMessage());
        }
    }
}
