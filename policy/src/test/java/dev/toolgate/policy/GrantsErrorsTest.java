package dev.toolgate.policy;

import org.junit.jupiter.api.Test;

import static dev.toolgate.policy.Policies.errors;
import static org.assertj.core.api.Assertions.assertThat;

/** Mistakes in a grants: section, each reported with its path and a fix, all at once. */
class GrantsErrorsTest {
    private static final String TOOLS = """
            version: "1"
            default: deny
            tools:
              run_workflow: {}
              list_workflows: {}
              "get_*": {}
            """;

    @Test
    void everyMistakeIsReportedWithItsPath() {
        assertThat(errors(TOOLS + """
                grants:
                  - grant: team-a
                    tools: [run_workfow, "get_*", list_workflows, list_workflows, "bad name", get_status]
                  - grant: team-a
                    tools: [list_workflows]
                  - serviceAccount: "Agents/*"
                    tools: [list_workflows]
                  - serviceAccount: agents/ci-*
                    tools: [list_workflows]
                  - identity: ""
                    tools: [list_workflows]
                  - identity: system:serviceaccount:ci:deployer
                    tools: [run_workflow]
                  - serviceAccount: ci/deployer
                    tools: [list_workflows]
                  - grant: team-c
                    tools: []
                """)).containsExactly(
                "grants[0].tools[0]: \"run_workfow\" is not a tool this policy lists, so default: deny refuses it whoever holds "
                        + "the grant; did you mean \"run_workflow\"? add it to tools, or fix the name",
                "grants[0].tools[3]: duplicate tool \"list_workflows\"; remove the duplicate",
                "grants[0].tools[4]: \"bad name\" is not a tool name or glob; write a name such as run_workflow, a glob such as "
                        + "github_* or \"*\" for every tool (no spaces or control characters)",
                "grants[1]: duplicate subject \"grant: team-a\" (grants[0] is for the same subject); give each subject one entry "
                        + "and list all its tools there",
                "grants[2].serviceAccount: \"Agents/*\" is not a ServiceAccount pattern; write <namespace>/<name> or <namespace>/* "
                        + "(lowercase letters, digits and -, a name may hold . too), e.g. agents/release-bot",
                "grants[3].serviceAccount: \"agents/ci-*\" is not a ServiceAccount pattern; write <namespace>/<name> or <namespace>/* "
                        + "(lowercase letters, digits and -, a name may hold . too), e.g. agents/release-bot",
                "grants[4].identity: must not be empty; name the identity this entry is for",
                "grants[6]: duplicate subject \"serviceAccount: ci/deployer\" (grants[5] is for the same identity); give each "
                        + "subject one entry and list all its tools there",
                "grants[7].tools: lists no tool; list what grant: team-c may call, or remove the entry");
    }

    @Test
    void structuralMistakesAreReportedWithTheirPaths() {
        assertThat(errors(TOOLS + """
                grants:
                  - tools: [run_workflow]
                  - {grant: a, identity: b, tools: [run_workflow]}
                  - {grant: a, tool: [run_workflow]}
                  - {grant: b, tools: run_workflow}
                  - {grant: c, tools: [run_workflow, 5]}
                  - {grant: d, tools: [run_workflow], limits: [{counter: c, window: minit, max: 1}]}
                  - {grant: e, tools: [run_workflow], limits: [{counter: c, window: minute, max: 1}, {counter: c, window: hour, max: 2}]}
                  - 42
                """)).containsExactly(
                "grants[0]: a grants entry needs a subject: identity: <id>, grant: <grant> or serviceAccount: <namespace>/<name>",
                "grants[1].grant: a grants entry has one subject, this one has identity and grant; write one entry per subject",
                "grants[2].tool: unknown field in a grants entry; did you mean \"tools\"? known fields: identity, grant, "
                        + "serviceAccount, description, tools, limits",
                "grants[2].tools: missing; list the tools this subject may call, e.g. tools: [run_workflow], or [\"*\"] for every tool",
                "grants[3].tools: must be a list of tool names or globs, got \"run_workflow\"",
                "grants[4].tools[1]: must be a tool name or glob (a string), got 5",
                "grants[5].limits[0].window: \"minit\" is not a window; use second, minute, hour, day or a number of seconds",
                "grants[7]: a grants entry is an object such as {grant: team-a, tools: [run_workflow]}; got 42",
                "grants[6].limits[1].counter: counter \"c\" is already a limit of this entry; give each limit its own counter");
    }

    @Test
    void anEmptyOrMistypedGrantsSectionIsAnError() {
        assertThat(errors(TOOLS + "grants: []\n")).containsExactly("grants: lists no entry, so no caller may call any tool; "
                + "add entries such as {grant: team-a, tools: [run_workflow]}, or remove grants: to let every caller call what "
                + "the tools' rules allow");
        assertThat(errors(TOOLS + "grants: {team-a: [run_workflow]}\n")).containsExactly(
                "grants: must be a list of entries such as {grant: team-a, tools: [run_workflow]}, got an object");
    }

    @Test
    void underDefaultAllowAnyToolNameMayBeGranted() {
        Policies.parse("""
                {"version": "1", "tools": {}, "grants": [{"grant": "a", "tools": ["anything", "x_*"]}]}""");
    }
}
