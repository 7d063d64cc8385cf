package dev.toolgate.policy;

import org.junit.jupiter.api.Test;

import java.time.Clock;

import static dev.toolgate.policy.Policies.call;
import static org.assertj.core.api.Assertions.assertThat;

/** Hide, default deny, exact entries, globs and the wildcard, in Intercept's order. */
class EvaluationOrderTest {

    private static PolicyEngine engine(String yaml) {
        return new PolicyEngine(Policies.parse(yaml), Clock.systemUTC());
    }

    @Test
    void defaultDenyRejectsUnlistedToolsBeforeWildcardRules() {
        PolicyEngine engine = engine("""
                version: "1"
                default: deny
                tools:
                  listed: {rules: []}
                  "*":
                    rules:
                      - {name: star-deny, action: deny}
                """);
        Decision unlisted = engine.decide(call("other"));
        assertThat(unlisted.rule()).isEqualTo("default");
        assertThat(unlisted.reason()).isEqualTo("tool \"other\" is not allowed by this policy (default: deny)");
        // the wildcard still applies to listed tools
        assertThat(engine.decide(call("listed")).rule()).isEqualTo("star-deny");
    }

    @Test
    void defaultAllowLetsUnlistedToolsThroughWithNoRule() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  other: {rules: [{name: never, action: deny}]}
                """);
        Decision d = engine.decide(call("anything"));
        assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(d.rule()).isEqualTo("default");
        assertThat(engine.mayList("anything")).isTrue();
    }

    @Test
    void defaultIsAllowWhenOmittedAndDenyOnlyWhenSaid() {
        assertThat(Policies.parse("{\"version\": \"1\", \"tools\": {}}").defaultDeny()).isFalse();
        assertThat(Policies.parse("{\"version\": \"1\", \"default\": \"deny\", \"tools\": {}}").defaultDeny()).isTrue();
        PolicyEngine denyAll = engine("{\"version\": \"1\", \"default\": \"deny\", \"tools\": {}}");
        assertThat(denyAll.decide(call("x")).outcome()).isEqualTo(Outcome.DENY);
        assertThat(denyAll.mayList("x")).isFalse();
    }

    @Test
    void toolRulesRunBeforeWildcardRulesAndTheFirstRefusalDecides() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  "*":
                    rules:
                      - name: star
                        conditions: [{path: args.ok, op: eq, value: true}]
                        on_deny: from star
                  t:
                    rules:
                      - name: own
                        conditions: [{path: args.n, op: lt, value: 5}]
                        on_deny: from own
                """);
        assertThat(engine.decide(call("t", "{\"n\": 9, \"ok\": false}")).reason()).isEqualTo("from own");
        assertThat(engine.decide(call("t", "{\"n\": 1, \"ok\": false}")).reason()).isEqualTo("from star");
        Decision ok = engine.decide(call("t", "{\"n\": 1, \"ok\": true}"));
        assertThat(ok.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(ok.rule()).isEqualTo("star");
    }

    @Test
    void everyRuleMustPass() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  t:
                    rules:
                      - {name: a, conditions: [{path: args.a, op: exists, value: true}]}
                      - {name: b, conditions: [{path: args.b, op: exists, value: true}]}
                      - {name: c, conditions: [{path: args.c, op: exists, value: true}, {path: args.d, op: exists, value: true}]}
                """);
        assertThat(engine.decide(call("t", "{\"b\":1,\"c\":1,\"d\":1}")).rule()).isEqualTo("a");
        assertThat(engine.decide(call("t", "{\"a\":1,\"c\":1,\"d\":1}")).rule()).isEqualTo("b");
        assertThat(engine.decide(call("t", "{\"a\":1,\"b\":1,\"c\":1}")).rule()).isEqualTo("c");
        assertThat(engine.decide(call("t", "{\"a\":1,\"b\":1,\"d\":1}")).rule()).isEqualTo("c");
        assertThat(engine.decide(call("t", "{\"a\":1,\"b\":1,\"c\":1,\"d\":1}")).allowed()).isTrue();
    }

    @Test
    void hideWinsOverEverythingAndAcceptsGlobs() {
        PolicyEngine engine = engine("""
                version: "1"
                hide: [secret, "internal_*"]
                tools:
                  secret: {rules: []}
                  internal_debug: {rules: []}
                """);
        for (String tool : new String[]{"secret", "internal_debug", "internal_x"}) {
            Decision d = engine.decide(call(tool));
            assertThat(d.outcome()).isEqualTo(Outcome.DENY);
            assertThat(d.rule()).isEqualTo("hide");
            assertThat(d.reason()).isEqualTo("tool \"" + tool + "\" is hidden by this policy");
            assertThat(engine.mayList(tool)).isFalse();
        }
        assertThat(engine.decide(call("public")).allowed()).isTrue();
        assertThat(engine.mayList("public")).isTrue();
    }

    @Test
    void hideStarHidesEveryTool() {
        PolicyEngine engine = engine("{\"version\": \"1\", \"hide\": [\"*\"], \"tools\": {\"a\": {}}}");
        assertThat(engine.decide(call("a")).rule()).isEqualTo("hide");
        assertThat(engine.mayList("a")).isFalse();
    }

    @Test
    void globsListToolsUnderDefaultDenyAndTheirRulesApplyInAddition() {
        PolicyEngine engine = engine("""
                version: "1"
                default: deny
                tools:
                  github_create_issue:
                    rules:
                      - {name: exact, conditions: [{path: args.title, op: exists, value: true}]}
                  "github_*":
                    rules:
                      - {name: glob-repo, conditions: [{path: args.repo, op: regex, value: "^toolgate/"}]}
                  "github_create_?ssue":
                    rules:
                      - {name: glob-one-char, conditions: [{path: args.label, op: neq, value: "wontfix"}]}
                  "*":
                    rules:
                      - {name: star, conditions: [{path: args.dry, op: exists, value: false}]}
                """);
        // exact first, then globs in document order, then "*"
        assertThat(engine.decide(call("github_create_issue", "{\"repo\": \"x/y\"}")).rule()).isEqualTo("exact");
        assertThat(engine.decide(call("github_create_issue", "{\"title\": \"t\", \"repo\": \"x/y\"}")).rule()).isEqualTo("glob-repo");
        assertThat(engine.decide(call("github_create_issue", "{\"title\": \"t\", \"repo\": \"toolgate/a\", \"label\": \"wontfix\"}")).rule())
                .isEqualTo("glob-one-char");
        assertThat(engine.decide(call("github_create_issue", "{\"title\": \"t\", \"repo\": \"toolgate/a\", \"label\": \"bug\", \"dry\": 1}")).rule())
                .isEqualTo("star");
        assertThat(engine.decide(call("github_create_issue", "{\"title\": \"t\", \"repo\": \"toolgate/a\", \"label\": \"bug\"}")).allowed()).isTrue();
        // neq fails on a missing path, like every operator but exists
        assertThat(engine.decide(call("github_create_issue", "{\"title\": \"t\", \"repo\": \"toolgate/a\"}")).rule())
                .isEqualTo("glob-one-char");
        // listed by the glob alone
        assertThat(engine.decide(call("github_list_repos", "{\"repo\": \"toolgate/a\"}")).allowed()).isTrue();
        assertThat(engine.mayList("github_list_repos")).isTrue();
        // "*" does not list a tool under default deny
        assertThat(engine.decide(call("gitlab_list")).rule()).isEqualTo("default");
        assertThat(engine.mayList("gitlab_list")).isFalse();
    }

    @Test
    void mayListIsFalseForToolsDeniedOutrightButTrueForConditionalRules() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  drop_table: {rules: [{name: never, action: deny}]}
                  "delete_*": {action: deny, reason: no deletes}
                  query: {rules: [{name: small, conditions: [{path: args.limit, op: lte, value: 100}]}]}
                  deploy: {action: require_approval}
                """);
        assertThat(engine.mayList("drop_table")).isFalse();
        assertThat(engine.mayList("delete_user")).isFalse();
        assertThat(engine.decide(call("delete_user")).reason()).isEqualTo("no deletes");
        assertThat(engine.mayList("query")).isTrue();
        assertThat(engine.mayList("deploy")).isTrue();
        assertThat(engine.mayList("other")).isTrue();
    }

    @Test
    void denyLaterInTheRulesBeatsAnEarlierApproval() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  deploy:
                    rules:
                      - {name: approve prod, action: require_approval, conditions: [{path: args.env, op: eq, value: prod}]}
                      - {name: no friday, conditions: [{path: args.day, op: neq, value: friday}], on_deny: not on fridays}
                """);
        assertThat(engine.decide(call("deploy", "{\"env\": \"prod\", \"day\": \"friday\"}")).reason()).isEqualTo("not on fridays");
        Decision approval = engine.decide(call("deploy", "{\"env\": \"prod\", \"day\": \"monday\"}"));
        assertThat(approval.outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(approval.rule()).isEqualTo("approve prod");
        assertThat(approval.reason()).isEqualTo("calls to \"deploy\" need a person's approval (rule \"approve prod\")");
        assertThat(approval.reservation()).isSameAs(Reservation.NONE);
        assertThat(engine.decide(call("deploy", "{\"env\": \"dev\", \"day\": \"monday\"}")).allowed()).isTrue();
    }

    @Test
    void approvalReservesNothingAndIsNotOfferedOnceTheLimitIsReached() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  deploy:
                    rules:
                      - {name: approve, action: require_approval}
                  "*":
                    rules:
                      - {name: global, rate_limit: 1/hour}
                """);
        assertThat(engine.decide(call("deploy")).outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(engine.decide(call("deploy")).outcome()).isEqualTo(Outcome.REQUIRE_APPROVAL);
        assertThat(engine.decide(call("other")).allowed()).isTrue();
        Decision limited = engine.decide(call("deploy"));
        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.rule()).isEqualTo("global");
    }

    @Test
    void argumentDenialsComeBeforeRateLimits() {
        PolicyEngine engine = engine("""
                version: "1"
                tools:
                  t:
                    rules:
                      - {name: limit, rate_limit: 1/hour}
                      - {name: shape, conditions: [{path: args.ok, op: eq, value: true}]}
                """);
        assertThat(engine.decide(call("t", "{\"ok\": true}")).allowed()).isTrue();
        assertThat(engine.decide(call("t", "{\"ok\": false}")).rule()).isEqualTo("shape");
        assertThat(engine.decide(call("t", "{\"ok\": true}")).rule()).isEqualTo("limit");
    }
}
