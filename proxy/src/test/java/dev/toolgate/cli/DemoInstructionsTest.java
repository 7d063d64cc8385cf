package dev.toolgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo as a user runs it: its curl lines, copied from what it prints, run in bash against the demo it started. The
 * ops agent's key may run workflows (until the rate limit), the reporting agent's key sees two tools and is refused
 * run_workflow by the grants.
 */
class DemoInstructionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stopDemo() {
        ServeCommand.closeAll(resources);
    }

    @Test
    void theCurlLinesRunAsPrintedAndShowBothGrants() throws Exception {
        boolean tools = runs("curl", "--version") && runs("bash", "--version");
        // .ci/run installs curl: in CI a missing one is a failure, elsewhere the test is skipped
        assertThat(tools || !"true".equals(System.getenv("CI"))).as("curl and bash on the CI machine").isTrue();
        assumeTrue(tools, "needs curl and bash, as a user of the demo does");
        // one fixed instant: the twelve runs fall in one rate-limit minute however long they take
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:05Z"), ZoneOffset.UTC);
        String printed = DemoCommand.start(0, 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), record -> { }, clock,
                resources);
        assertThat(printed).doesNotContain("\r");

        List<JsonNode> answers = answers(run(script(printed)));

        List<JsonNode> lists = answers.stream().filter(a -> a.at("/result/tools").isArray()).toList();
        assertThat(lists).hasSize(2);
        assertThat(names(lists.get(0))).containsExactlyInAnyOrder("run_workflow",
                "list_workflows", "get_workflow_status", "pause_workflow", "resume_workflow", "cancel_workflow");
        assertThat(names(lists.get(1)))
                .containsExactlyInAnyOrder("list_workflows", "get_workflow_status");
        List<String> decisions = answers.stream().map(a -> a.at("/result/_meta/dev.toolgate~1decision"))
                .filter(JsonNode::isObject).map(d -> d.path("decision").asText() + " " + d.path("rule").asText()).toList();
        // runs 11 and 12 of the minute (invoice, then nightly ten times, then nightly twice more) are rate-limited
        assertThat(decisions).containsExactly("deny known workflow names only", "deny delete_workflow",
                "rate_limited run_workflow_rate", "rate_limited run_workflow_rate", "deny grants");
        JsonNode refused = answers.get(answers.size() - 2);
        assertThat(refused.at("/result/content/0/text").asText()).isEqualTo("Denied by policy: tool \"run_workflow\" is not "
                + "granted to identity \"report-agent\" (grants: viewers); none of its grants includes it");
        assertThat(answers.get(answers.size() - 1).at("/result/isError").asBoolean()).as("the viewer may list").isFalse();
    }

    private static List<String> names(JsonNode toolsList) {
        List<String> names = new ArrayList<>();
        toolsList.at("/result/tools").forEach(tool -> names.add(tool.path("name").asText()));
        return names;
    }

    /** The shell lines of the instructions: from the curl heading to Ctrl-C, the indented ones. */
    private static String script(String printed) {
        String curl = printed.substring(printed.indexOf("Or with curl"), printed.indexOf("Ctrl-C"));
        return String.join("\n", curl.lines().filter(line -> line.startsWith("  ")).toList()) + "\n";
    }

    private static String run(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = bash.getInputStream().readAllBytes();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Each JSON-RPC answer printed: a JSON body, or the data line of an SSE event. */
    private static List<JsonNode> answers(String output) throws IOException {
        List<JsonNode> answers = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String json = line.startsWith("data:") ? line.substring(5).strip() : line.strip();
            if (json.startsWith("{")) {
                answers.add(JSON.readTree(json));
            }
        }
        return answers;
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
