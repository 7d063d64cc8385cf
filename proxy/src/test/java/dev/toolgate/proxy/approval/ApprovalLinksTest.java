package dev.toolgate.proxy.approval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalLinksTest {
    private static final String ID = "3f9c0d2e8a7b6c5d4e3f2a1b";

    @Test
    void aConfiguredBaseIsFollowedByThePagePathAndTheId() {
        assertThat(new ApprovalLinks("https://tg.example.com/").of(ID)).isEqualTo("https://tg.example.com/approvals/" + ID);
        assertThat(new ApprovalLinks("https://tg.example.com/toolgate").of(ID))
                .isEqualTo("https://tg.example.com/toolgate/approvals/" + ID);
    }

    @Test
    void withoutOneTheAdminPortsAddressOnceBound() {
        ApprovalLinks links = new ApprovalLinks(null);
        links.bound("http://127.0.0.1:41234/");
        assertThat(links.of(ID)).isEqualTo("http://127.0.0.1:41234/approvals/" + ID);
    }

    @Test
    void aConfiguredBaseWinsOverTheBoundAddress() {
        ApprovalLinks links = new ApprovalLinks("https://tg.example.com");
        links.bound("http://127.0.0.1:41234");
        assertThat(links.of(ID)).isEqualTo("https://tg.example.com/approvals/" + ID);
    }

    @Test
    void aTemplateTakesTheIdInPlaceOfItsPlaceholder() {
        // what the operator passes: its own page's path for the McpServer's namespace, where the tca's name is the id
        ApprovalLinks links = new ApprovalLinks("https://approvals.example.com/approvals/agents/{id}");
        links.bound("http://127.0.0.1:41234");
        assertThat(links.of(ID)).isEqualTo("https://approvals.example.com/approvals/agents/" + ID);
    }
}
