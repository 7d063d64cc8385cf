package dev.toolgate.admin.approvals;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * The approvals page as a person uses it in a browser, by the element ids and classes the page promises: what the
 * proxy's and the operator's browser tests both do on it.
 */
public final class ApprovalsPageDriver {
    private final WebDriver browser;
    private final Duration wait;

    /** @param wait how long each step may take before the test fails */
    public ApprovalsPageDriver(WebDriver browser, Duration wait) {
        this.browser = browser;
        this.wait = wait;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(browser, wait);
    }

    /** Opens the page at {@code url} and enters the token, as a person would after {@code kubectl create token}. */
    public void openAndSignIn(String url, String token) {
        browser.get(url);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        browser.findElement(By.id("save-token")).click();
    }

    /** The row of a pending approval, once the page lists it. */
    public WebElement pendingRow(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#pending [data-approval-id='" + id + "']")));
    }

    /** Waits until the approval is among the recent decisions with {@code text} in its decision cell. */
    public void awaitDecision(String id, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#recent [data-approval-id='" + id + "'] td.decision"), text));
    }

    /**
     * What the browser's console took as a warning or error since it was last read (a Content-Security-Policy
     * refusal, a script error), and forgets it. The request the browser makes for {@code /favicon.ico} by itself is
     * left out: neither port serves one.
     */
    public List<String> consoleProblems() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("/favicon.ico"))
                .toList();
    }
}
