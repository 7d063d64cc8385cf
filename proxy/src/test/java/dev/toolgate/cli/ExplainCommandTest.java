package dev.toolgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.toolgate.cli.ValidateCommandTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code explain FILE --tool NAME ...}: a dry run that says what would happen and why. */
class ExplainCommandTest {
    @TempDir
    Path dir;

    @Test
    void explainsAnAllowedCall() throws Exception {
        CliRun run = CliRun.of("explain", resource("seed-run_workflow.json"), "--tool", "run_workflow", "--grant", "team-a",
                "--identity", "alice");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("decision: ALLOW", "rule:     run_workflow_rate", "identity=alice grant=team-a session=none",
                "dry run");
    }

    @Test
    void explainsADenialWithTheRuleAndTheReason() throws Exception {
        CliRun run = CliRun.of("explain", resource("conductor-intercept.yaml"), "--tool", "run_workflow",
                "--args", "{\"workflow\": \"Deploy!\", \"environment\": \"dev\"}");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).contains(
                "decision: DENY",
                "tool:     run_workflow",
                "rule:     known workflows only",
                "reason:   Use a lowercase workflow name and one of the environments dev, staging, prod");
    }

    @Test
    void explainsDefaultDenyAndApproval() throws Exception {
        CliRun denied = CliRun.of("explain", resource("seed-run_workflow.json"), "--tool", "delete_workflow");
        assertThat(denied.out()).contains("decision: DENY", "rule:     default",
                "tool \"delete_workflow\" is not allowed by this policy (default: deny)");
        CliRun approval = CliRun.of("explain", resource("conductor-policylayer.json"), "--tool", "update_workflow_definition");
        assertThat(approval.out()).contains("decision: REQUIRE_APPROVAL", "A person must approve changes to workflow definitions");
    }

    @Test
    void explainsARateLimitWhoseLimitIsZero() throws Exception {
        Path policy = dir.resolve("zero.yaml");
        Files.writeString(policy, "version: '1'\ntools:\n  t:\n    limits: [{counter: c, window: hour, max: 0, scope: session}]\n");
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "t", "--session", "s-1");
        assertThat(run.out()).contains("decision: RATE_LIMITED", "rule:     c", "retry after: ", "session=s-1");
    }

    @Test
    void anInvalidPolicyPrintsItsErrorsAndExitsOne() throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "version: '1'\ntools:\n  t:\n    limits: [{counter: c, window: fortnight, max: 1}]\n");
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "t");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(policy + ": tools.t.limits[0].window: \"fortnight\" is not a window");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String policy = resource("seed-run_workflow.json");
        assertThat(CliRun.of("explain", policy).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("explain", "--tool", "x").exitCode()).isEqualTo(2);
        CliRun badArgs = CliRun.of("explain", policy, "--tool", "x", "--args", "[1]");
        assertThat(badArgs.exitCode()).isEqualTo(2);
        assertThat(badArgs.err()).contains("--args must be a JSON object");
        assertThat(CliRun.of("explain", policy, "--tool", "x", "--args", "{nope").err()).contains("--args is not JSON");
        assertThat(CliRun.of("explain", policy, "--tool", "x", "--colour", "red").err()).contains("unknown option --colour");
        assertThat(CliRun.of("explain", policy, "--tool").err()).contains("--tool needs a value");
    }

    private static final String GRANTS = """
            version: "1"
            default: deny
            tools:
              run_workflow: {}
              list_workflows: {}
              delete_workflow: {action: deny}
            grants:
              - grant: viewers
                tools: [list_workflows]
              - grant: operators
                tools: [run_workflow, list_workflows, delete_workflow]
            """;

    @Test
    void explainsWhichGrantsEntryAdmittedTheCallForACallerHoldingSeveralGrants() throws Exception {
        Path policy = Files.writeString(dir.resolve("grants.yaml"), GRANTS);
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "run_workflow", "--identity", "vera",
                "--grant", "viewers", "--grant", "operators");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).contains("decision: ALLOW", "granted:  grant: operators (grants[1])",
                "caller:   identity=vera grants=viewers,operators session=none");
    }

    @Test
    void explainsACallNoGrantsEntryAdmits() throws Exception {
        Path policy = Files.writeString(dir.resolve("grants.yaml"), GRANTS);
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "run_workflow", "--identity", "vera", "--grant", "viewers");
        assertThat(run.out().lines()).contains("decision: DENY", "rule:     grants",
                "reason:   tool \"run_workflow\" is not granted to identity \"vera\" (grants: viewers); none of its grants includes it",
                "granted:  no grants entry for this caller lists the tool");
    }

    @Test
    void explainsThatTheGrantsAdmittedACallTheToolsRulesThenRefused() throws Exception {
        Path policy = Files.writeString(dir.resolve("grants.yaml"), GRANTS);
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "delete_workflow", "--grant", "operators");
        assertThat(run.out().lines()).contains("decision: DENY", "rule:     delete_workflow",
                "granted:  grant: operators (grants[1])");
        CliRun unlisted = CliRun.of("explain", policy.toString(), "--tool", "other", "--grant", "operators");
        assertThat(unlisted.out().lines()).contains("rule:     default",
                "granted:  not reached (the call was refused before the grants were asked)");
    }

    @Test
    void explainsWhichClassMatchedAndWhy() throws Exception {
        Path policy = dir.resolve("classes.yaml");
        Files.writeString(policy, """
                version: "1"
                default: deny
                tools: {}
                classes:
                  execute:
                    limits: [{counter: execute_rate, window: minute, max: 10, scope: grant}]
                  destructive: {action: require_approval}
                """);
        String definition = "{\"name\":\"run_query\",\"description\":\"Run a query\","
                + "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"}}}}";
        CliRun run = CliRun.of("explain", policy.toString(), "--tool", "run_query", "--definition", definition);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).contains(
                "decision: ALLOW",
                "class:    execute/critical (confidence high) because name verb \"run\": execute; "
                        + "accepts freeform code/query input (sql)",
                "matched:  classes.execute (no entry names \"run_query\")");

        CliRun unseen = CliRun.of("explain", policy.toString(), "--tool", "mystery");
        assertThat(unseen.out().lines()).contains("decision: REQUIRE_APPROVAL",
                "class:    destructive/critical (confidence low) because not seen in a tools/list answer: treated as the worst case");
        CliRun given = CliRun.of("explain", policy.toString(), "--tool", "t", "--class", "read/low");
        assertThat(given.out().lines()).contains("decision: DENY", "matched:  no class entry for read or low");
    }
}
