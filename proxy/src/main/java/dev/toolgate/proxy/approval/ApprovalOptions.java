package dev.toolgate.proxy.approval;

import dev.toolgate.contract.KubernetesServe;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.hold.HoldOpenOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How a proxy handles calls that need approval.
 *
 * @param adminKeys          who may decide on the admin API, by bearer token; their identity is the approver. Null
 *                           with no mirror: approvals are off and such calls are refused
 * @param ttl                how long a pending record waits, an approved one may be used, a denial stands
 * @param maxRecords         records kept at once (live ones and recent history)
 * @param maxLivePerIdentity pending or approved records one identity may have at once
 * @param publicUrl          the base of the links agents get ({@code <publicUrl>/approvals/<id>}), or a template
 *                           holding {@code {id}} (the operator's page); null: the admin port's address
 * @param mcpServer          the name approvals record as their McpServer
 * @param mirror             where records are also kept and decided (Kubernetes); null: only the admin API
 * @param decisionWait       how long a 2026-07-28 retry carrying the proxy's {@code requestState} waits for the
 *                           decision before it is answered (zero: not at all)
 * @param stateKey           the HMAC key of {@code requestState}s (at least 32 bytes); null: a random key per process
 * @param holdOpen           whether and how a call waiting for approval is held open ({@code --approval-hold-open})
 */
public record ApprovalOptions(ApiKeys adminKeys, Duration ttl, int maxRecords, int maxLivePerIdentity,
                              String publicUrl, String mcpServer, ApprovalMirror mirror, Duration decisionWait,
                              byte[] stateKey, HoldOpenOptions holdOpen) {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** A wait stays below the client connection's idle timeout (75 s by default), which would end it first. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(KubernetesServe.MAX_APPROVAL_WAIT_SECONDS);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_RECORDS = 1000;
    public static final int DEFAULT_MAX_LIVE_PER_IDENTITY = 20;
    public static final String STANDALONE = "standalone";
    /** Approvals off: calls needing approval are refused. */
    public static final ApprovalOptions OFF = new ApprovalOptions(null, DEFAULT_TTL, DEFAULT_MAX_RECORDS,
            DEFAULT_MAX_LIVE_PER_IDENTITY, null, STANDALONE, null, DEFAULT_WAIT, null, HoldOpenOptions.OFF);

    public ApprovalOptions {
        Objects.requireNonNull(ttl, "ttl");
        mcpServer = mcpServer == null ? STANDALONE : mcpServer;
        decisionWait = decisionWait == null ? DEFAULT_WAIT : decisionWait;
        if (decisionWait.isNegative() || decisionWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("the approval wait is 0 to " + MAX_WAIT.toSeconds() + " seconds");
        }
        stateKey = stateKey == null ? null : stateKey.clone();
        holdOpen = holdOpen == null ? HoldOpenOptions.OFF : holdOpen;
    }

    /** Approvals on, decided by the holders of {@code adminKeys}, with the defaults. */
    public static ApprovalOptions decidedBy(ApiKeys adminKeys) {
        return new ApprovalOptions(Objects.requireNonNull(adminKeys), DEFAULT_TTL, DEFAULT_MAX_RECORDS,
                DEFAULT_MAX_LIVE_PER_IDENTITY, null, STANDALONE, null, DEFAULT_WAIT, null, HoldOpenOptions.OFF);
    }

    /** On when someone can decide: admin tokens, or a mirror. */
    public boolean enabled() {
        return adminKeys != null || mirror != null;
    }

    public ApprovalOptions withMirror(ApprovalMirror next, String server) {
        return new ApprovalOptions(adminKeys, ttl, maxRecords, maxLivePerIdentity, publicUrl, server, next, decisionWait, stateKey, holdOpen);
    }

    public ApprovalOptions withTtl(Duration next) {
        return new ApprovalOptions(adminKeys, next, maxRecords, maxLivePerIdentity, publicUrl, mcpServer, mirror, decisionWait, stateKey, holdOpen);
    }

    public ApprovalOptions withLimits(int records, int livePerIdentity) {
        return new ApprovalOptions(adminKeys, ttl, records, livePerIdentity, publicUrl, mcpServer, mirror, decisionWait, stateKey, holdOpen);
    }

    public ApprovalOptions withPublicUrl(String url) {
        return new ApprovalOptions(adminKeys, ttl, maxRecords, maxLivePerIdentity, url, mcpServer, mirror, decisionWait, stateKey, holdOpen);
    }

    /** @param next how long a 2026-07-28 retry waits for the decision (0 to {@link #MAX_WAIT}) */
    public ApprovalOptions withDecisionWait(Duration next) {
        return new ApprovalOptions(adminKeys, ttl, maxRecords, maxLivePerIdentity, publicUrl, mcpServer, mirror, next, stateKey, holdOpen);
    }

    /** @param key the {@code requestState} HMAC key; replicas behind one Service need the same one */
    public ApprovalOptions withStateKey(byte[] key) {
        return new ApprovalOptions(adminKeys, ttl, maxRecords, maxLivePerIdentity, publicUrl, mcpServer, mirror, decisionWait, key, holdOpen);
    }

    public ApprovalOptions withHoldOpen(HoldOpenOptions next) {
        return new ApprovalOptions(adminKeys, ttl, maxRecords, maxLivePerIdentity, publicUrl, mcpServer, mirror,
                decisionWait, stateKey, next);
    }
}
