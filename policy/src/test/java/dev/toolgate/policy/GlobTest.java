package dev.toolgate.policy;

import dev.toolgate.policy.eval.Glob;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Tool-name globs: * any run (none included), ? one character, the rest literally. */
class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(textBlock = """
            github_*,       github_create_issue, true
            github_*,       github_,             true
            github_*,       github,              false
            github_*,       gitlab_x,            false
            *_issue,        create_issue,        true
            *_issue,        create_issues,       false
            get_?,          get_a,               true
            get_?,          get_ab,              false
            get_?,          get_,                false
            *,              anything,            true
            *,              '',                  true
            a*b*c,          axxbyyc,             true
            a*b*c,          axxbyy,              false
            a*b*c,          abcabc,              true
            *.read,         fs.read,             true
            *.read,         fsxread,             false
            exact,          exact,               true
            exact,          exactly,             false
            """)
    void matches(String glob, String name, boolean expected) {
        assertThat(new Glob(glob).matches(name)).isEqualTo(expected);
    }
}
