package dev.toolgate.admin;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a client that names the SSE media type (and does not refuse it with q=0) may be answered with a stream. */
class AcceptHeaderNamesTest {
    private static final String STREAM = "text/event-stream";

    @Test
    void namesTheStream() {
        assertThat(AcceptHeader.of(List.of("application/json, text/event-stream")).names(STREAM)).isTrue();
        assertThat(AcceptHeader.of(List.of("Text/Event-Stream;q=0.5")).names(STREAM)).isTrue();
        assertThat(AcceptHeader.of(List.of("application/json,text/event-stream ; charset=utf-8")).names(STREAM)).isTrue();
    }

    @Test
    void wildcardsAbsenceAndRefusalDoNot() {
        assertThat(AcceptHeader.of(List.of()).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("application/json")).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("*/*")).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("text/*")).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("text/event-stream;q=0")).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("text/event-stream; q=0.000")).names(STREAM)).isFalse();
        assertThat(AcceptHeader.of(List.of("text/event-streamx")).names(STREAM)).isFalse();
    }

    @Test
    void readsABoundedNumberOfRanges() {
        String many = "a/b,".repeat(AcceptHeader.MAX_RANGES + 8) + "text/event-stream";
        assertThat(AcceptHeader.of(List.of(many)).names(STREAM)).as("past the ranges read").isFalse();
    }
}
