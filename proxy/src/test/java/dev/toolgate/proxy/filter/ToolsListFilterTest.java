package dev.toolgate.proxy.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ToolsListFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ToolsListFilter filter = new ToolsListFilter(Set.of("a", "c")::contains);

    @Test
    void removesWhatMayNotBeListedAndKeepsTheRestUntouched() throws Exception {
        JsonNode page = JSON.readTree("""
                {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a","x":1},{"name":"b"},{"name":"c"},{"noname":true}],
                 "nextCursor":"p2"}}""");

        assertThat(filter.filter(page)).isTrue();
        assertThat(page.toString()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"a\",\"x\":1},{\"name\":\"c\"}],\"nextCursor\":\"p2\"}}");
    }

    @Test
    void leavesOtherMessagesAlone() throws Exception {
        JsonNode call = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],\"structuredContent\":{\"tools\":[{\"name\":\"b\"}]}}}");
        assertThat(filter.filter(call)).isFalse();
        assertThat(filter.filter(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"a\"}]}}"))).isFalse();
        assertThat(ToolsListFilter.mightBeToolsList("{\"result\":{\"content\":[]}}")).isFalse();
    }
}
