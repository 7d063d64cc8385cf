package dev.toolgate.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * The rules for the tools a name matches: an exact tool name, a glob ({@code github_*}, {@code get_?}) or
 * {@code "*"} (every tool). Every entry that matches a call applies: the exact entry first, then matching
 * globs in document order, then {@code "*"}.
 *
 * @param name  the exact name or glob; {@code *} matches any run of characters, {@code ?} one character
 * @param rules the entry's rules in order; an empty list lists the tool with no checks
 */
public record ToolEntry(String name, List<Rule> rules) {
    public ToolEntry {
        Objects.requireNonNull(name, "name");
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The wildcard entry's name. */
    public static final String WILDCARD = "*";

    /** True when the name contains {@code *} or {@code ?}. */
    public boolean isGlob() {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }

    /** True for the {@code "*"} entry. */
    public boolean isWildcard() {
        return WILDCARD.equals(name);
    }

    /** The namespace of this entry's counters in {@code state.<namespace>.<counter>}: the name, {@code _global} for "*". */
    public String counterNamespace() {
        return isWildcard() ? "_global" : name;
    }
}
