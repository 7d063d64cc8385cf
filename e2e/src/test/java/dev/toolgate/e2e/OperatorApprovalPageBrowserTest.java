package dev.toolgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toolgate.admin.approvals.ApprovalsPageDriver;
import dev.toolgate.admin.approvals.ChromiumBrowser;
import dev.toolgate.operator.customresource.McpServer;
import dev.toolgate.operator.dependent.OperatorProxyCommand;
import dev.toolgate.proxy.ServeArguments;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #19, the operator's cluster-wide approvals page in headless Chromium on the real API server: the shared page,
 * served on the operator's HTTP port in front of its approvals API. A person pastes a ServiceAccount's TokenRequest
 * token (what {@code kubectl create token} prints), sees the agent's pending call (the proxy made it a
 * ToolCallApproval) by opening the agent's link (the operator's page, as {@code approvalsApi.publicUrl} makes it),
 * approves it with a reason, sees it decided by their Kubernetes user name, and the agent's
 * identical retry runs upstream once. The agent's own token sees the call but its Approve shows the 403; an account
 * without RBAC to list approvals sees the API's error and no list.
 */
@ExtendWith(RealApiServer.class)
class OperatorApprovalPageBrowserTest {
    private static final String NS = "approvals-page";
    private static final ServiceAccountName APPROVER = new ServiceAccountName(NS, "approver");
    private static final ServiceAccountName BYSTANDER = new ServiceAccountName(NS, "bystander");
    private static final ServiceAccountName AGENT = new ServiceAccountName(NS, "agent");
    /** What an agent could put into its arguments to attack the person's browser. */
    private static final String MARKUP = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2><b>bold</b>";
    private static final Map<String, Object> PROD = Map.of("name", "prod", "input", Map.of("note", MARKUP));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "toolgate.dev/v1alpha1";
    /** The proxy makes the ToolCallApproval off the agent's call, and the page lists every 3 s. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger made = new AtomicInteger();

    private static InJvmOperator operator;
    private static InJvmProxy proxy;
    private static Agent alice;
    private static ChromeDriver browser;

    @BeforeAll
    static void install(ControlPlane cluster) throws Exception {
        browser = ChromiumBrowser.start();
        Crds.install(cluster);
        ToolgateChart.ensureInstalled(cluster);
        Kubectl kubectl = cluster.kubectl();
        ApprovalScenario.install(kubectl, NS, new String[] {"bystander", "agent"}, "agent");
        operator = InJvmOperator.start(cluster, NS);
        ApprovalScenario.awaitPolicyInForce(kubectl, NS);
        // the proxy's approval links as the operator sets them with approvalsApi.publicUrl = the operator's address here
        McpServer conductor;
        try (var admin = cluster.adminClient()) {
            conductor = admin.resources(McpServer.class).inNamespace(NS).withName("conductor").get();
        }
        String approvalUrl = ServeArguments.parse(OperatorProxyCommand.serveFlags(conductor, page("/"))).approvalUrl();
        proxy = InJvmProxy.start(cluster, NS, "conductor", "conductor-api-keys", Clock.systemUTC(), true, approvalUrl);
        alice = Agent.connect(proxy.mcpUrl(), "change-me-alice");
    }

    @AfterAll
    static void stop() throws Exception {
        TestResources.closeAll(browser == null ? null : browser::quit, alice, proxy, operator);
    }

    /** Each test signs in afresh: the tab's sessionStorage would otherwise keep the last test's token. */
    @BeforeEach
    void forgetTheLastToken() {
        browser.get(page("/approvals"));
        ((JavascriptExecutor) browser).executeScript("window.sessionStorage.clear()");
        approvalsPage().consoleProblems(); // drops what the previous test logged
    }

    @Test
    void anApproverPastesTheirTokenApprovesOnThePageAndTheAgentsRetryRunsOnce(ControlPlane cluster) {
        JsonNode pending = decision(alice.call("run_workflow", PROD));
        assertThat(pending.path("decision").asText()).isEqualTo("approval_pending");
        String name = pending.path("id").asText();
        String id = NS + "/" + name;
        String link = pending.path("url").asText();
        assertThat(link).as("the agent's link is the operator's page of its ToolCallApproval").isEqualTo(page("/approvals/" + id));

        approvalsPage().openAndSignIn(link, APPROVER.token(cluster));
        WebElement row = approvalsPage().pendingRow(id);
        assertThat(row.getDomAttribute("class")).as("the linked approval is highlighted").contains("highlight");
        assertThat(row.getDomAttribute("aria-current")).isEqualTo("true");
        assertThat(row.findElement(By.cssSelector(".tool")).getText()).isEqualTo("run_workflow");
        assertThat(row.findElement(By.cssSelector(".server")).getText()).as("namespace/McpServer").isEqualTo(NS + "/conductor");
        assertThat(row.findElement(By.cssSelector(".identity")).getText()).isEqualTo("alice");
        // the operator names a rule by its ToolPolicy
        assertThat(row.findElement(By.cssSelector(".rule")).getText()).isEqualTo("prod-needs-approval/prod needs approval");
        assertThat(row.findElement(By.cssSelector(".id")).getText()).isEqualTo(id);
        // the agent's markup is shown as the text it is, and nothing of it became an element or ran
        assertThat(row.findElement(By.cssSelector("pre.preview")).getText()).contains("\"name\":\"prod\"").contains(MARKUP);
        assertThat(row.findElements(By.cssSelector("script, img, b"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(browser.findElement(By.id("notice")).isDisplayed()).as("the linked approval was found").isFalse();

        row.findElement(By.cssSelector("input.reason")).sendKeys("change 42");
        row.findElement(By.cssSelector("button.approve")).click();
        approvalsPage().awaitDecision(id, "approved by " + APPROVER.username());
        assertThat(browser.findElements(By.cssSelector("#pending [data-approval-id='" + id + "']"))).isEmpty();
        WebElement decided = browser.findElement(By.cssSelector("#recent [data-approval-id='" + id + "']"));
        assertThat(decided.findElement(By.cssSelector("td.decision-reason")).getText()).isEqualTo("change 42");
        assertThat(decided.findElement(By.cssSelector("td.server")).getText()).isEqualTo(NS + "/conductor");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        Map<?, ?> status = status(cluster, name);
        assertThat(status.get("state")).isEqualTo("Approved");
        assertThat(status.get("decidedBy")).isEqualTo(APPROVER.username());

        // the proxy learns the decision through its watch; until then the retry is still pending (the same id)
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            CallToolResult retry = alice.call("run_workflow", PROD);
            if (Boolean.TRUE.equals(retry.isError())) {
                assertThat(decision(retry).path("id").asText()).as("still the same approval").isEqualTo(name);
                return false;
            }
            return true;
        });
        approvalsPage().awaitDecision(id, "approved by " + APPROVER.username() + "; the call ran");
        // once: the next identical call asks anew, and the upstream ran one prod workflow
        JsonNode again = decision(alice.call("run_workflow", PROD));
        assertThat(again.path("decision").asText()).isEqualTo("approval_pending");
        assertThat(again.path("id").asText()).isNotEqualTo(name);
        assertThat(prodRunsUpstream()).isEqualTo(1);

        assertThat(approvalsPage().consoleProblems())
                .as("the console: nothing refused by the Content-Security-Policy, no script error")
                .isEmpty();
    }

    @Test
    void theAgentsOwnTokenSeesItsCallButApprovingItShowsThe403AndNothingChanges(ControlPlane cluster) {
        String name = pendingByHand(cluster);
        String id = NS + "/" + name;

        approvalsPage().openAndSignIn(page("/approvals/" + id), AGENT.token(cluster));
        WebElement row = approvalsPage().pendingRow(id);
        assertThat(row.findElement(By.cssSelector(".identity")).getText()).isEqualTo(AGENT.username());
        row.findElement(By.cssSelector("input.reason")).sendKeys("my own");
        row.findElement(By.cssSelector("button.approve")).click();

        approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                "the approver must not be the identity that asked for the call"));
        assertThat(status(cluster, name)).as("nothing written").isNull();
        // the error stays through the next refresh, and the call is still waiting
        String listedAt = browser.findElement(By.id("updated")).getText();
        approvalsPage().waiting().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("updated"), listedAt)));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isTrue();
        assertThat(approvalsPage().pendingRow(id).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#recent [data-approval-id='" + id + "']"))).isEmpty();
    }

    @Test
    void anAccountThatMayNotListApprovalsSeesTheErrorAndNoList(ControlPlane cluster) {
        pendingByHand(cluster);

        approvalsPage().openAndSignIn(page("/approvals"), BYSTANDER.token(cluster));
        approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                "you may not list toolcallapprovals in any namespace with approvals"));
        assertThat(browser.findElement(By.id("approvals")).isDisplayed())
                .as("no list, so no \"No call is waiting\" that is not known").isFalse();
        assertThat(browser.findElement(By.id("token")).isDisplayed()).as("the token is valid, just without RBAC").isFalse();

        // a token the API server does not accept is dropped and asked for again
        browser.findElement(By.id("forget-token")).click();
        browser.findElement(By.id("token")).sendKeys(APPROVER.token(cluster) + "x");
        browser.findElement(By.id("save-token")).click();
        approvalsPage().waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "the token was refused"));
        assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("approvals")).isDisplayed()).isFalse();
    }

    private static String page(String path) {
        return "http://127.0.0.1:" + operator.httpPort() + path;
    }

    private static JsonNode decision(CallToolResult result) {
        return JSON.valueToTree(result.meta()).path("dev.toolgate/decision");
    }

    /** The prod workflows the demo upstream started, asked through the proxy (list_workflows is allowed). */
    private static long prodRunsUpstream() {
        CallToolResult listed = alice.call("list_workflows", Map.of());
        assertThat(listed.isError()).isFalse();
        return Agent.text(listed).lines().filter(line -> line.contains(" prod ")).count();
    }

    /** A pending approval of a call the agent's ServiceAccount made, written as the proxy would. */
    private static String pendingByHand(ControlPlane cluster) {
        String name = "page-by-hand-" + made.incrementAndGet();
        ApprovalScenario.pendingByHand(cluster.kubectl(), NS, name, AGENT.username(), "cd".repeat(32));
        return name;
    }


    private static Map<?, ?> status(ControlPlane cluster, String name) {
        try (var admin = cluster.adminClient()) {
            GenericKubernetesResource approval = admin.genericKubernetesResources(API, "ToolCallApproval")
                    .inNamespace(NS).withName(name).get();
            return (Map<?, ?>) approval.getAdditionalProperties().get("status");
        }
    }

    /** The page in this test's browser. */
    private static ApprovalsPageDriver approvalsPage() {
        return new ApprovalsPageDriver(browser, WAIT);
    }
}
