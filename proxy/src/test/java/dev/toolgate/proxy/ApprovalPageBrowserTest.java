package dev.toolgate.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toolgate.admin.approvals.ApprovalsPageDriver;
import dev.toolgate.admin.approvals.ChromiumBrowser;
import dev.toolgate.proxy.approval.ApprovalOptions;
import dev.toolgate.proxy.audit.ApprovalAuditRecord;
import dev.toolgate.proxy.auth.ApiKeys;
import dev.toolgate.proxy.jsonrpc.JsonRpcParser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approvals page in headless Chromium, on the proxy's admin port, in front of the demo upstream: an agent (a real
 * MCP client) makes a call that needs approval, a person opens the link the agent was given, enters an admin token,
 * sees the call (its agent-written preview as text, never as markup), and approves or denies it with a reason; the
 * agent's identical retry then runs upstream, or gets the reason.
 */
class ApprovalPageBrowserTest extends DemoUpstreamTest {
    private static final String KEYS = """
            keys:
              - {token: alice-token, identity: alice, grant: ops}
            """;
    private static final String ADMINS = """
            keys:
              - {token: bob-admin-token, identity: bob}
            """;
    /** What an agent could put into its arguments to attack the person's browser. */
    private static final String MARKUP = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2><b>bold</b>";
    private static final Map<String, Object> PROD = Map.of("name", "prod", "input", Map.of("note", MARKUP));
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ChromeDriver browser;

    @BeforeAll
    void startBrowser() {
        browser = ChromiumBrowser.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void startProxy(@TempDir Path dir) throws Exception {
        ApiKeys agents = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), KEYS));
        ApiKeys admins = ApiKeys.load(Files.writeString(dir.resolve("admins.yaml"), ADMINS));
        proxy = new ProxyFixture(dir, demo.mcpUri(), ApprovalEndToEndTest.POLICY,
                options -> options.apiKeys(agents).eventLoops(2),
                ApprovalOptions.decidedBy(admins).withTtl(Duration.ofMinutes(10)));
        approvalsPage().consoleProblems(); // drops what the previous test logged
    }

    private McpSyncClient agent() {
        return proxy.mcpClient(t -> t.requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer alice-token")));
    }

    private static JsonNode decision(CallToolResult result) {
        return JsonRpcParser.MAPPER.valueToTree(result.meta()).path("dev.toolgate/decision");
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    private List<ApprovalAuditRecord> auditLines(String event) {
        return proxy.audit.approvals().stream().filter(r -> r.event().equals(event)).toList();
    }

    @Test
    void aPersonOpensTheAgentsLinkSeesTheCallAsTextApprovesItAndTheRetryRuns() {
        try (McpSyncClient alice = agent()) {
            JsonNode pending = decision(alice.callTool(new CallToolRequest("run_workflow", PROD)));
            assertThat(pending.path("decision").asText()).isEqualTo("approval_pending");
            String id = pending.path("id").asText();

            approvalsPage().openAndSignIn(pending.path("url").asText(), "bob-admin-token");
            WebElement row = approvalsPage().pendingRow(id);
            assertThat(row.getDomAttribute("class")).as("the linked approval is highlighted").contains("highlight");
            assertThat(row.findElement(By.cssSelector(".tool")).getText()).isEqualTo("run_workflow");
            assertThat(row.findElement(By.cssSelector(".identity")).getText()).isEqualTo("alice");
            assertThat(row.findElement(By.cssSelector(".grants")).getText()).isEqualTo("ops");
            assertThat(row.findElement(By.cssSelector(".rule")).getText()).isEqualTo("prod needs approval");
            assertThat(row.findElement(By.cssSelector(".why")).getText()).isEqualTo("production runs need a person's approval");
            // the agent's markup is shown as the text it is, and nothing of it became an element or ran
            assertThat(row.findElement(By.cssSelector("pre.preview")).getText()).contains(MARKUP);
            assertThat(row.findElements(By.cssSelector("script, img, b"))).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");

            row.findElement(By.cssSelector("input.reason")).sendKeys("change 42");
            row.findElement(By.cssSelector("button.approve")).click();
            approvalsPage().awaitDecision(id, "approved by bob");
            assertThat(browser.findElements(By.cssSelector("#pending [data-approval-id='" + id + "']"))).isEmpty();
            assertThat(browser.findElement(By.cssSelector("#recent [data-approval-id='" + id + "'] td.decision-reason"))
                    .getText()).isEqualTo("change 42");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();

            CallToolResult ran = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(ran.isError()).as(text(ran)).isFalse();
            assertThat(ran.meta() == null || !ran.meta().containsKey("dev.toolgate/decision")).isTrue();
            // the page's own refresh shows the approval used
            approvalsPage().awaitDecision(id, "approved by bob; the call ran");
        }
        assertThat(auditLines("approved")).singleElement().satisfies(line -> {
            assertThat(line.by()).isEqualTo("bob");
            assertThat(line.reason()).isEqualTo("change 42");
        });
        assertThat(auditLines("consumed")).hasSize(1);
        assertThat(approvalsPage().consoleProblems())
                .as("the console: nothing refused by the Content-Security-Policy, no script error")
                .isEmpty();
    }

    @Test
    void aDenialNeedsAReasonAndTheRetryGetsIt() {
        try (McpSyncClient alice = agent()) {
            JsonNode pending = decision(alice.callTool(new CallToolRequest("run_workflow", PROD)));
            String id = pending.path("id").asText();
            approvalsPage().openAndSignIn(pending.path("url").asText(), "bob-admin-token");
            WebElement row = approvalsPage().pendingRow(id);

            row.findElement(By.cssSelector("button.deny")).click();
            approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "A denial needs a reason"));
            assertThat(auditLines("denied")).isEmpty();

            row.findElement(By.cssSelector("input.reason")).sendKeys("not during the freeze");
            row.findElement(By.cssSelector("button.deny")).click();
            approvalsPage().awaitDecision(id, "denied by bob");
            assertThat(browser.findElement(By.cssSelector("#recent [data-approval-id='" + id + "'] td.decision-reason"))
                    .getText()).isEqualTo("not during the freeze");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();

            CallToolResult retry = alice.callTool(new CallToolRequest("run_workflow", PROD));
            assertThat(retry.isError()).isTrue();
            assertThat(decision(retry).path("decision").asText()).isEqualTo("approval_denied");
            assertThat(text(retry)).isEqualTo("Denied by the approver: not during the freeze");
        }
    }

    @Test
    void aWrongTokenShowsTheErrorAndAsksAgainAndTheTokenCanBeForgotten() {
        String list = "http://127.0.0.1:" + proxy.server.adminPort() + "/approvals";
        approvalsPage().openAndSignIn(list, "alice-token");
        approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                "the token was refused: send Authorization: Bearer <admin token>"));
        assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("pending")).isDisplayed()).isFalse();
        assertThat(storedToken()).isNull();

        browser.findElement(By.id("token")).sendKeys("bob-admin-token");
        browser.findElement(By.id("save-token")).click();
        approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pending .empty"),
                "No call is waiting."));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        assertThat(storedToken()).isEqualTo("bob-admin-token");

        browser.findElement(By.id("forget-token")).click();
        assertThat(storedToken()).isNull();
        assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("pending")).isDisplayed()).isFalse();
    }

    private Object storedToken() {
        return ((JavascriptExecutor) browser).executeScript("return window.sessionStorage.getItem('toolgate.approvals.token')");
    }

    /** The page in this test's browser. */
    private ApprovalsPageDriver approvalsPage() {
        return new ApprovalsPageDriver(browser, WAIT);
    }
}
