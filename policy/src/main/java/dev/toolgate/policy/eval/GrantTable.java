package dev.toolgate.policy.eval;

import dev.toolgate.policy.Caller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A policy's {@code grants:} compiled: for a caller and a tool, which entries admit the call. Precedence, most specific
 * subject first: an exact identity ({@code identity} or {@code serviceAccount: ns/name}), then {@code serviceAccount:
 * ns/*}, then grants in the order the caller holds them. The most specific subject with an entry that admits the tool
 * admits the call, and the limits of all its entries that admit the tool apply (a merged policy may hold one entry per
 * ToolPolicy for a subject); entries of less specific subjects do not apply to that call.
 */
public final class GrantTable {
    /** The table of a policy without grants: everything is admitted. */
    public static final GrantTable NONE = new GrantTable(null);

    private final CompiledGrant[] entries;
    /** The entries admitting each tool name, bounded as the tool plans are. */
    private static final int MAX_CACHED_TOOLS = 10_000;
    private final ConcurrentHashMap<String, CompiledGrant[]> byTool = new ConcurrentHashMap<>();

    /** @param entries the compiled entries in document order; null for a policy without grants */
    public GrantTable(List<CompiledGrant> entries) {
        this.entries = entries == null ? null : entries.toArray(CompiledGrant[]::new);
    }

    /** True when the policy has a grants section. */
    public boolean active() {
        return entries != null;
    }

    /** The compiled entries in document order (none without grants). */
    public List<CompiledGrant> entries() {
        return entries == null ? List.of() : List.of(entries);
    }

    /** Who admits {@code caller}'s call of {@code tool}; {@link Admission#OPEN} without grants. */
    public Admission admit(Caller caller, String tool) {
        if (entries == null) {
            return Admission.OPEN;
        }
        CompiledGrant[] admitting = admitting(tool);
        int best = Integer.MAX_VALUE;
        for (CompiledGrant entry : admitting) {
            int rank = entry.rank(caller);
            if (rank >= 0 && rank < best) {
                best = rank;
            }
        }
        if (best == Integer.MAX_VALUE) {
            return Admission.REFUSED;
        }
        CompiledGrant first = null;
        List<CompiledRule> limits = new ArrayList<>();
        for (CompiledGrant entry : admitting) {
            if (entry.rank(caller) == best) {
                first = first == null ? entry : first;
                limits.addAll(List.of(entry.limits()));
            }
        }
        String grant = best >= CompiledGrant.GRANT_RANK ? caller.grants().get(best - CompiledGrant.GRANT_RANK) : null;
        return new Admission(first.subject(), grant, limits.toArray(CompiledRule[]::new), false);
    }

    /** True when some entry matching the caller admits the tool (always, without grants). */
    public boolean admits(Caller caller, String tool) {
        if (entries == null) {
            return true;
        }
        for (CompiledGrant entry : admitting(tool)) {
            if (entry.rank(caller) >= 0) {
                return true;
            }
        }
        return false;
    }

    private CompiledGrant[] admitting(String tool) {
        CompiledGrant[] cached = byTool.get(tool);
        if (cached != null) {
            return cached;
        }
        List<CompiledGrant> found = new ArrayList<>();
        for (CompiledGrant entry : entries) {
            if (entry.admits(tool)) {
                found.add(entry);
            }
        }
        CompiledGrant[] result = found.toArray(CompiledGrant[]::new);
        if (byTool.size() < MAX_CACHED_TOOLS) {
            byTool.putIfAbsent(tool, result);
        }
        return result;
    }
}
