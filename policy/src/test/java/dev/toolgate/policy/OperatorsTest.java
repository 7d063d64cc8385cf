package dev.toolgate.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operator, each with arguments that pass and that fail: a policy of one tool with one condition, and
 * the decision for the given arguments. A condition that were ignored would let the failing rows through.
 */
class OperatorsTest {

    private static boolean passes(String path, String op, String value, String args) {
        String policy = "{\"version\": \"1\", \"tools\": {\"t\": {\"rules\": [{\"name\": \"r\", \"conditions\": "
                + "[{\"path\": \"" + path + "\", \"op\": \"" + op + "\", \"value\": " + value + "}]}]}}}";
        PolicyEngine engine = new PolicyEngine(Policies.parse(policy), Clock.systemUTC());
        Decision decision = engine.decide(Policies.call("t", args));
        if (!decision.allowed()) {
            assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
            assertThat(decision.rule()).isEqualTo("r");
            assertThat(decision.reason()).contains(path, op);
        }
        return decision.allowed();
    }

    @ParameterizedTest(name = "{0} {1} {2} with {3} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            args.branch   | eq     | "main"             | {"branch": "main"}                 | true
            args.branch   | eq     | "main"             | {"branch": "Main"}                 | false
            args.branch   | eq     | "main"             | {}                                 | false
            args.n        | eq     | 100                | {"n": 1e2}                         | true
            args.n        | eq     | 0.3                | {"n": 0.30}                        | true
            args.n        | eq     | 0.3                | {"n": 0.30000000000000004}         | false
            args.n        | eq     | 5                  | {"n": "5"}                         | false
            args.flag     | eq     | true               | {"flag": true}                     | true
            args.flag     | eq     | true               | {"flag": "true"}                   | false
            args.v        | eq     | null               | {"v": null}                        | true
            args.v        | eq     | [1, "a"]           | {"v": [1, "a"]}                    | true
            args.v        | eq     | [1, "a"]           | {"v": [1]}                         | false
            args.v        | neq    | {"k": 1}           | {"v": {"k": 2}}                    | true
            args.v        | neq    | {"k": 1}           | {"v": {"k": 1}}                    | false
            args.branch   | neq    | "draft"            | {"branch": "main"}                 | true
            args.branch   | neq    | "draft"            | {"branch": "draft"}                | false
            args.branch   | neq    | "draft"            | {}                                 | false
            args.currency | in     | ["usd", "eur", 3]  | {"currency": "eur"}                | true
            args.currency | in     | ["usd", "eur", 3]  | {"currency": 3.0}                  | true
            args.currency | in     | ["usd", "eur", 3]  | {"currency": "gbp"}                | false
            args.currency | in     | ["usd", "eur", 3]  | {}                                 | false
            args.role     | not_in | ["admin", "root"]  | {"role": "dev"}                    | true
            args.role     | not_in | ["admin", "root"]  | {"role": "root"}                   | false
            args.role     | not_in | ["admin", "root"]  | {}                                 | false
            args.amount   | lt     | 100                | {"amount": 99.999}                 | true
            args.amount   | lt     | 100                | {"amount": 100}                    | false
            args.amount   | lt     | 100                | {"amount": "50"}                   | false
            args.amount   | lte    | 100                | {"amount": 100.0}                  | true
            args.amount   | lte    | 100                | {"amount": 100.0000000000000001}   | false
            args.amount   | lte    | 100                | {}                                 | false
            args.amount   | gt     | 0                  | {"amount": 0.000001}               | true
            args.amount   | gt     | 0                  | {"amount": 0}                      | false
            args.amount   | gt     | 0                  | {"amount": -1}                     | false
            args.amount   | gte    | 1                  | {"amount": 1}                      | true
            args.amount   | gte    | 1                  | {"amount": 0.99}                   | false
            args.amount   | gte    | 12345678901234567890 | {"amount": 12345678901234567891} | true
            args.amount   | gte    | 12345678901234567890 | {"amount": 12345678901234567889} | false
            args.name     | lt     | "m"                | {"name": "apple"}                  | true
            args.name     | lt     | "m"                | {"name": "zebra"}                  | false
            args.name     | lt     | "\uffff"           | {"name": "\ud83d\ude00"}           | false
            args.name     | gt     | "\uffff"           | {"name": "\ud83d\ude00"}           | true
            args.name     | lt     | "m"                | {"name": 5}                        | false
            args.ref      | regex  | "^feat/"           | {"ref": "feat/login"}              | true
            args.ref      | regex  | "^feat/"           | {"ref": "fix/feat/login"}          | false
            args.ref      | regex  | "login"            | {"ref": "feat/login-page"}         | true
            args.ref      | regex  | "^feat/"           | {"ref": 42}                        | false
            args.ref      | regex  | "^feat/"           | {}                                 | false
            args.query    | contains | "DROP"           | {"query": "x; DROP TABLE t"}       | true
            args.query    | contains | "DROP"           | {"query": "select 1"}              | false
            args.tags     | contains | "urgent"         | {"tags": ["a", "urgent"]}          | true
            args.tags     | contains | "urgent"         | {"tags": ["a", "b"]}               | false
            args.ids      | contains | 7                | {"ids": [1, 7.0]}                  | true
            args.tags     | contains | "urgent"         | {}                                 | false
            args.dry_run  | exists | true               | {"dry_run": false}                 | true
            args.dry_run  | exists | true               | {"dry_run": null}                  | false
            args.dry_run  | exists | true               | {}                                 | false
            args.force    | exists | false              | {}                                 | true
            args.force    | exists | false              | {"force": true}                    | false
            args.meta.owner.name | eq | "ops"           | {"meta": {"owner": {"name": "ops"}}} | true
            args.meta.owner.name | eq | "ops"           | {"meta": {"owner": "ops"}}         | false
            args.items.1.id | eq | 9                    | {"items": [{"id": 1}, {"id": 9}]}  | true
            args.items.2.id | eq | 9                    | {"items": [{"id": 1}, {"id": 9}]}  | false
            """)
    void operatorDecides(String path, String op, String value, String args, boolean expected) {
        assertThat(passes(path, op, value, args)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "regex {0} stays linear on {1}")
    @CsvSource(delimiter = ';', textBlock = """
            (a+)+$   ; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
            (a|aa)+$ ; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
            """)
    void catastrophicBacktrackingPatternsAnswerAtOnce(String regex, String input) {
        // with a backtracking engine these inputs take longer than the age of the universe; RE2/J answers at once
        assertThat(passes("args.s", "regex", "\"" + regex + "\"", "{\"s\": \"" + input + "\"}")).isFalse();
    }
}
