package dev.toolgate.proxy.kubernetes;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes one event series to the API server: creates its Event, then patches {@code series} as it grows. */
final class EventWriter {
    static final String REPORTING_CONTROLLER = "toolgate.dev/proxy";
    static final String ACTION = "ToolCall";
    static final String TYPE = "Warning";

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String namespace;
    private final RegardingObjects regarding;
    private final String reportingInstance;
    private long sequence;

    EventWriter(KubernetesClient client, String namespace, RegardingObjects regarding, String reportingInstance) {
        this.client = client;
        this.namespace = namespace;
        this.regarding = regarding;
        this.reportingInstance = reportingInstance;
    }

    /** Creates the series' Event (with {@code series} already set when it has repeated) and returns its name. */
    String create(EventSeriesBook.Series series) {
        Denial first = series.first;
        ObjectReference about = regarding.forOrigin(series.key.origin());
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name(about.getName(), first.time()))
                .endMetadata()
                .withType(TYPE)
                .withReason(series.key.reason().reason())
                .withAction(ACTION)
                .withNote(first.note())
                .withEventTime(microTime(first.time()))
                .withReportingController(REPORTING_CONTROLLER)
                .withReportingInstance(reportingInstance)
                .withRegarding(about)
                .withRelated(regarding.related(about))
                .withSeries(series.count > 1 ? new EventSeries(series.count, microTime(series.last.time())) : null)
                .build();
        return client.events().v1().events().inNamespace(namespace).resource(event).create().getMetadata().getName();
    }

    /** Brings the Event's {@code series} up to the series' count and last occurrence (a merge patch). */
    void patchSeries(EventSeriesBook.Series series) {
        String patch = Serialization.asJson(Map.of("series", Map.of(
                "count", series.count,
                "lastObservedTime", MICRO_TIME.format(series.last.time()))));
        client.events().v1().events().inNamespace(namespace).withName(series.eventName)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    static MicroTime microTime(Instant time) {
        return new MicroTime(MICRO_TIME.format(time));
    }

    /** Like client-go: the object's name and a unique hexadecimal suffix. */
    private String name(String about, Instant time) {
        String base = about.length() > 200 ? about.substring(0, 200) : about;
        long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
        return base + "." + Long.toHexString(nanos) + Long.toHexString(sequence++);
    }
}
