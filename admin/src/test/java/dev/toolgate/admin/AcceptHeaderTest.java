package dev.toolgate.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptHeaderTest {
    private static boolean html(String... accept) {
        return AcceptHeader.of(List.of(accept)).prefers("text/html", "application/json");
    }

    @Test
    void browsersNavigatingPreferHtml() {
        // Chromium's and Firefox's navigation headers
        assertThat(html("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
                + "application/signed-exchange;v=b3;q=0.7")).isTrue();
        assertThat(html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).isTrue();
    }

    @Test
    void programsGetJson() {
        assertThat(html()).isFalse();
        assertThat(html("application/json")).isFalse();
        assertThat(html("*/*")).as("curl's default: equal, so JSON").isFalse();
        assertThat(html("text/*")).isTrue();
        assertThat(html("text/html;q=0.5, application/json")).isFalse();
        assertThat(html("application/json;q=0.5, text/html")).isTrue();
        assertThat(html("text/html;q=0")).isFalse();
    }

    @Test
    void theMostSpecificRangeDecidesTheQuality() {
        assertThat(html("text/html;q=0, */*")).isFalse();
        assertThat(html("application/json;q=0, */*;q=0.1")).isTrue();
        assertThat(html("TEXT/HTML; Q=0.9, application/json; q=0.8")).isTrue();
    }

    @Test
    void malformedRangesAreIgnored() {
        assertThat(html("text/html;q=2")).isFalse();
        assertThat(html("text/html;q=NaN")).isFalse();
        assertThat(html("text/html;q=x")).isFalse();
        assertThat(html("*/html")).isFalse();
        assertThat(html("html")).isFalse();
        assertThat(html("text/html;q=-0.5, application/json;q=0.1")).isFalse();
    }

    @Test
    void onlyTheFirstRangesAreRead() {
        String many = "application/x-a;q=0.1,".repeat(AcceptHeader.MAX_RANGES) + "text/html";
        assertThat(html(many)).isFalse();
        assertThat(html("text/html", "application/json;q=0.5")).as("two Accept headers are one list").isTrue();
    }
}
