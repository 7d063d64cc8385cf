package dev.toolgate.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chart rendered by Helm (helm-java bundles it) and parsed into typed Kubernetes objects. */
final class RenderedChart {
    static final String RELEASE = "toolgate";
    static final String NAMESPACE = "toolgate-system";
    /** helm template assumes 1.20 without a cluster; the chart needs 1.25+. */
    static final String KUBE_VERSION = "1.30.0";

    private final List<HasMetadata> objects;

    private RenderedChart(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** The chart in this repository, found from the module's directory upwards. */
    static Path chartDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path chart = dir.resolve("helm/toolgate");
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("helm/toolgate not found above " + Path.of("").toAbsolutePath());
    }

    static Path repositoryRoot() {
        return chartDirectory().getParent().getParent();
    }

    /** {@code helm template toolgate helm/toolgate -n toolgate-system --set k=v ...} (CRDs skipped: they are checked apart). */
    static RenderedChart render(Map<String, Object> sets) {
        TemplateCommand template = new Helm(chartDirectory()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .skipCrds();
        sets.forEach(template::set);
        return new RenderedChart(parse(template.call()));
    }

    /** {@code helm show crds helm/toolgate}: what {@code helm install} applies from the chart's crds/ folder. */
    static String showCrds() {
        return new Helm(chartDirectory()).show().crds().call();
    }

    static RenderedChart render() {
        return render(Map.of());
    }

    static Map<String, Object> sets(Object... keyValues) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sets.put((String) keyValues[i], keyValues[i + 1]);
        }
        return sets;
    }

    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                parsed.add(Serialization.unmarshal(Serialization.asJson(document)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parsed;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size() + " in " + kinds());
        }
        return found.get(0);
    }

    List<GenericKubernetesResource> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind()))
                .filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast).toList();
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).toList();
    }
}
