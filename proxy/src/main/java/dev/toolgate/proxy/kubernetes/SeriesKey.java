package dev.toolgate.proxy.kubernetes;

/** Denials with the same key are one event series: a single Event whose {@code series.count} grows. */
record SeriesKey(DenialReason reason, String tool, String identity, String rule) {
}
