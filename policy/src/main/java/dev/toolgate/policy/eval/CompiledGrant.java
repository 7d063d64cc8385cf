package dev.toolgate.policy.eval;

import dev.toolgate.policy.Caller;
import dev.toolgate.policy.model.Grant;
import dev.toolgate.policy.model.Subject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code grants:} entry ready for evaluation: which callers it matches, which tools it admits, and the limits
 * ({@link CompiledRule}s with their own counters) a call it admits counts against.
 *
 * <p>Tools are selected by name or glob. Tool classes ({@code classes:}) select tools the same way once they exist:
 * {@link #admits(String)} is the one place a selector is asked, so a class selector joins the names and globs there.
 */
public final class CompiledGrant {
    /** Precedence of an exact identity (an {@code identity} or a {@code serviceAccount: ns/name}): the most specific. */
    static final int IDENTITY_RANK = 0;
    /** Precedence of {@code serviceAccount: ns/*}. */
    static final int NAMESPACE_RANK = 1;
    /** Precedence of a grant: this plus the grant's position among the caller's grants. */
    static final int GRANT_RANK = 2;

    private final Grant source;
    private final String identity;
    private final String namespacePrefix;
    private final Set<String> exactTools = new HashSet<>();
    private final List<Glob> toolGlobs = new ArrayList<>();
    private final CompiledRule[] limits;

    public CompiledGrant(Grant source, CompiledRule[] limits) {
        this.source = source;
        this.limits = limits.clone();
        Subject subject = source.subject();
        this.identity = subject.exactIdentity();
        this.namespacePrefix = subject.isNamespacePattern()
                ? Subject.SERVICE_ACCOUNT_PREFIX + subject.value().substring(0, subject.value().length() - 2) + ":"
                : null;
        for (String tool : source.tools()) {
            if (Glob.isGlob(tool)) {
                toolGlobs.add(new Glob(tool));
            } else {
                exactTools.add(tool);
            }
        }
    }

    public Grant source() {
        return source;
    }

    public Subject subject() {
        return source.subject();
    }

    /** The rules of the entry's limits, one counter each, in document order. */
    CompiledRule[] limits() {
        return limits;
    }

    /** True when the entry lets its subject call {@code tool}. */
    public boolean admits(String tool) {
        if (exactTools.contains(tool)) {
            return true;
        }
        for (Glob glob : toolGlobs) {
            if (glob.matches(tool)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How specifically the entry names the caller, lower first: -1 when it does not match the caller at all. A grant
     * entry ranks by where the grant stands among the caller's grants, so the caller's primary grant comes first.
     */
    int rank(Caller caller) {
        return switch (source.subject().kind()) {
            case IDENTITY -> caller.identity().equals(identity) ? IDENTITY_RANK : -1;
            case SERVICE_ACCOUNT -> {
                if (identity != null) {
                    yield caller.identity().equals(identity) ? IDENTITY_RANK : -1;
                }
                String id = caller.identity();
                yield id.startsWith(namespacePrefix) && id.length() > namespacePrefix.length()
                        && id.indexOf(':', namespacePrefix.length()) < 0 ? NAMESPACE_RANK : -1;
            }
            case GRANT -> {
                int position = caller.grants().indexOf(source.subject().value());
                yield position < 0 ? -1 : GRANT_RANK + position;
            }
        };
    }
}
