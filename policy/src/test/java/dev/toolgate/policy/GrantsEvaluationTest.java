package dev.toolgate.policy;

import dev.toolgate.policy.model.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** What a grants: section decides: who may call which tool, which entry admits a call, and whose limits apply. */
class GrantsEvaluationTest {
    private static final String POLICY = """
            version: "1"
            default: deny
            tools:
              run_workflow:
                limits: [{counter: runs, window: minute, max: 3, scope: grant}]
              list_workflows: {}
              get_workflow_status: {}
              delete_workflow: {action: deny, reason: never}
            grants:
              - grant: operators
                tools: [run_workflow, list_workflows, delete_workflow]
                limits: [{counter: calls, window: minute, max: 2, scope: identity}]
              - grant: viewers
                tools: [list_workflows, "get_*"]
              - identity: release-bot
                description: the release pipeline runs workflows without the operators' limit
                tools: [run_workflow]
              - serviceAccount: ci/*
                tools: [list_workflows]
              - serviceAccount: ci/deployer
                tools: [run_workflow]
            """;

    private final FakeClock clock = FakeClock.at("2026-12-02T10:00:00Z");
    private final PolicyEngine engine = new PolicyEngine(Policies.parse(POLICY), clock);

    private static Caller caller(String identity, String... grants) {
        return new Caller(identity, List.of(grants), "s-" + identity);
    }

    private Decision decide(String tool, Caller caller) {
        return engine.decide(call(tool, "{}", caller));
    }

    @Test
    void aCallNoEntryOfTheCallerAdmitsIsDeniedByRuleGrantsNamingOnlyTheCallersOwnGrants() {
        Decision decision = decide("run_workflow", caller("vera", "viewers"));
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo("grants");
        assertThat(decision.reason()).isEqualTo(
                "tool \"run_workflow\" is not granted to identity \"vera\" (grants: viewers); none of its grants includes it");
        assertThat(decision.reason()).doesNotContain("operators", "release-bot", "ci");
        assertThat(decision.admittedBy()).isNull();
    }

    @Test
    void aGrantedToolStillObeysTheToolsOwnRulesAndDenyWins() {
        Decision denied = decide("delete_workflow", caller("olga", "operators"));
        assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
        assertThat(denied.rule()).isEqualTo("delete_workflow");
        assertThat(denied.reason()).isEqualTo("never");
        assertThat(denied.admittedBy()).as("the grants let it through to the tool's rules").isEqualTo(Subject.grant("operators"));
    }

    @Test
    void anEntryAdmitsByExactNameOrGlobAndNamesItsSubject() {
        Decision byGlob = decide("get_workflow_status", caller("vera", "viewers"));
        assertThat(byGlob.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(byGlob.admittedBy()).isEqualTo(Subject.grant("viewers"));
        assertThat(decide("list_workflows", caller("vera", "viewers")).admittedBy()).isEqualTo(Subject.grant("viewers"));
    }

    @Test
    void defaultDenyStillRefusesAToolNoToolEntryListsEvenWhenAGlobGrantsIt() {
        Decision decision = decide("get_secrets", caller("vera", "viewers"));
        assertThat(decision.rule()).isEqualTo("default");
    }

    @Test
    void theEntrysLimitsAndTheToolsLimitsAllApplyToTheCallsItAdmits() {
        Caller olga = caller("olga", "operators");
        assertThat(decide("run_workflow", olga).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decide("list_workflows", olga).outcome()).isEqualTo(Outcome.ALLOW);
        Decision third = decide("run_workflow", olga);
        assertThat(third.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(third.rule()).isEqualTo("calls");
        assertThat(third.admittedBy()).isEqualTo(Subject.grant("operators"));
        // the limit is per identity: another operator has its own
        assertThat(decide("run_workflow", caller("otto", "operators")).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void theMostSpecificSubjectAdmitsAndOnlyItsLimitsApply() {
        Caller bot = caller("release-bot", "operators");
        for (int i = 0; i < 3; i++) {
            Decision run = decide("run_workflow", bot);
            assertThat(run.outcome()).isEqualTo(Outcome.ALLOW);
            assertThat(run.admittedBy()).isEqualTo(Subject.identity("release-bot"));
        }
        // the tool's own 3/minute per grant still binds; the operators' 2/minute per identity does not
        assertThat(decide("run_workflow", bot).rule()).isEqualTo("runs");
        // a tool the identity entry does not list falls to the next subject that lists it
        assertThat(decide("list_workflows", bot).admittedBy()).isEqualTo(Subject.grant("operators"));
    }

    @Test
    void serviceAccountPatternsMatchTheTokenReviewIdentityOfTheirNamespaceOnly() {
        Caller deployer = caller("system:serviceaccount:ci:deployer");
        assertThat(decide("run_workflow", deployer).admittedBy()).isEqualTo(Subject.serviceAccount("ci/deployer"));
        assertThat(decide("list_workflows", deployer).admittedBy()).isEqualTo(Subject.serviceAccount("ci/*"));
        assertThat(decide("list_workflows", caller("system:serviceaccount:ci:other")).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decide("list_workflows", caller("system:serviceaccount:cix:other")).rule()).isEqualTo("grants");
        assertThat(decide("list_workflows", caller("system:serviceaccount:prod:deployer")).rule()).isEqualTo("grants");
        assertThat(decide("run_workflow", caller("system:serviceaccount:ci:other")).rule()).isEqualTo("grants");
        // "ci" is a namespace, not a prefix of an identity with more colons
        assertThat(decide("list_workflows", caller("system:serviceaccount:ci:a:b")).rule()).isEqualTo("grants");
    }

    @Test
    void theGrantWhoseEntryAdmittedTheCallKeysScopeGrantCountersNotThePrimaryGrant() {
        // vera's primary grant (viewers) does not admit run_workflow; operators does, and counts the call
        Caller vera = caller("vera", "viewers", "operators");
        Caller olga = caller("olga", "operators");
        Caller otto = caller("otto", "operators");
        assertThat(decide("run_workflow", vera).admittedBy()).isEqualTo(Subject.grant("operators"));
        assertThat(decide("run_workflow", olga).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decide("run_workflow", otto).outcome()).isEqualTo(Outcome.ALLOW);
        Decision fourth = decide("run_workflow", otto);
        assertThat(fourth.outcome()).as("3/minute per grant: vera's call counted for operators").isEqualTo(Outcome.RATE_LIMITED);
        assertThat(fourth.rule()).isEqualTo("runs");
    }

    @Test
    void grantsOfACallerRankInTheOrderItHoldsThem() {
        assertThat(decide("list_workflows", caller("x", "viewers", "operators")).admittedBy()).isEqualTo(Subject.grant("viewers"));
        assertThat(decide("list_workflows", caller("x", "operators", "viewers")).admittedBy()).isEqualTo(Subject.grant("operators"));
    }

    @Test
    void toolsListShowsEachCallerWhatItMayCall() {
        List<String> tools = List.of("run_workflow", "list_workflows", "get_workflow_status", "delete_workflow", "other");
        assertThat(tools.stream().filter(t -> engine.mayList(t, caller("vera", "viewers"))))
                .containsExactly("list_workflows", "get_workflow_status");
        assertThat(tools.stream().filter(t -> engine.mayList(t, caller("olga", "operators"))))
                .containsExactly("run_workflow", "list_workflows");
        assertThat(tools.stream().filter(t -> engine.mayList(t, Caller.ANONYMOUS))).isEmpty();
    }

    @Test
    void aPolicyWithoutGrantsDecidesAsBefore() {
        PolicyEngine open = new PolicyEngine(Policies.parse("""
                {"version": "1", "tools": {"run_workflow": {}}}"""), clock);
        Decision decision = open.decide(call("run_workflow", "{}", caller("anyone", "any")));
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.admittedBy()).isNull();
        assertThat(open.mayList("run_workflow", Caller.ANONYMOUS)).isTrue();
    }

    @Test
    void explainReportsTheAdmittingSubjectWithoutReserving() {
        Caller olga = caller("olga", "operators");
        for (int i = 0; i < 5; i++) {
            assertThat(engine.explain(call("run_workflow", "{}", olga)).admittedBy()).isEqualTo(Subject.grant("operators"));
        }
        assertThat(decide("run_workflow", olga).outcome()).isEqualTo(Outcome.ALLOW);
    }
}
