package dev.toolgate.proxy.forward;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerScanTest {
    private static List<String> answers(String text) {
        List<String> seen = new ArrayList<>();
        AnswerScan.forEach(text, (id, succeeded) -> seen.add(id + "=" + succeeded));
        return seen;
    }

    @Test
    void aResultSucceedsEvenWhenTheToolReportsAnErrorAndAJsonRpcErrorDoesNot() {
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"isError\":true}}"))
                .containsExactly("7=true");
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"error\":{\"code\":-32603,\"message\":\"boom\"}}"))
                .containsExactly("\"a-1\"=false");
        assertThat(answers("{\"result\":{},\"error\":{\"code\":1},\"id\":3}")).containsExactly("3=false");
        assertThat(answers("{\"id\":9007199254740993,\"result\":{}}")).containsExactly("9007199254740993=true");
        assertThat(answers("{\"id\":123456789012345678901234567890,\"result\":{}}")).containsExactly("123456789012345678901234567890=true");
        // ids that no request can have (fractions, null) answer nothing
        assertThat(answers("{\"id\":1.5,\"result\":{}}")).isEmpty();
        assertThat(answers("{\"id\":null,\"error\":{\"code\":-32700}}")).isEmpty();
    }

    @Test
    void eachAnswerOfABatchIsReadAndNotificationsAndRequestsAreNot() {
        assertThat(answers("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"nested\":{\"id\":99,\"error\":{}}}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"id\":5}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sampling/createMessage\",\"params\":{}},"
                + "\"stray\",{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-1}}]"))
                .containsExactly("1=true", "4=false");
    }

    @Test
    void textThatIsNotJsonOrHasDuplicateKeysYieldsNothing() {
        assertThat(answers("not json")).isEmpty();
        assertThat(answers("{\"id\":1,\"result\":{}")).isEmpty();
        assertThat(answers("{\"id\":1,\"id\":2,\"result\":{}}")).isEmpty();
    }
}
