package dev.toolgate.helm;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart installs the CRDs from its crds/ folder (Helm installs them before the templates and never upgrades
 * or deletes them). They must be the ones generated from the Java model into the repository's crds/:
 * after regenerating, {@code cp crds/*.yml helm/toolgate/crds/}.
 */
class HelmChartCrdsTest {

    private static List<Path> ymlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml") || f.getFileName().toString().endsWith(".yaml"))
                    .sorted().toList();
        }
    }

    @Test
    void theChartCarriesExactlyTheGeneratedCrds() throws IOException {
        Path generated = RenderedChart.repositoryRoot().resolve("crds");
        Path chart = RenderedChart.chartDirectory().resolve("crds");

        List<Path> expected = ymlFiles(generated);
        assertThat(expected).extracting(p -> p.getFileName().toString())
                .containsExactly("mcpservers.toolgate.dev-v1.yml", "toolcallapprovals.toolgate.dev-v1.yml", "toolpolicies.toolgate.dev-v1.yml");
        assertThat(ymlFiles(chart)).extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(expected.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : expected) {
            assertThat(Files.readString(chart.resolve(file.getFileName())))
                    .as("helm/toolgate/crds/%s differs from crds/%s; copy it over", file.getFileName(), file.getFileName())
                    .isEqualTo(Files.readString(file));
        }
    }

    @Test
    void helmInstallsBothCrdsFromTheChart() throws IOException {
        // helm show crds prints what helm install applies from crds/ (here: the files one after the other)
        String shown = RenderedChart.showCrds();

        List<Path> files = ymlFiles(RenderedChart.chartDirectory().resolve("crds"));
        assertThat(files).hasSize(3);
        for (Path file : files) {
            String yaml = Files.readString(file);
            assertThat(shown).contains(yaml);
            CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
            assertThat(crd.getSpec().getGroup()).isEqualTo("toolgate.dev");
            assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
            assertThat(crd.getSpec().getVersions()).extracting(v -> v.getName()).containsExactly("v1alpha1");
            assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
        }
        assertThat(files).extracting(f -> Serialization.unmarshal(Files.readString(f), CustomResourceDefinition.class).getSpec().getNames().getKind())
                .containsExactly("McpServer", "ToolCallApproval", "ToolPolicy");
    }
}
