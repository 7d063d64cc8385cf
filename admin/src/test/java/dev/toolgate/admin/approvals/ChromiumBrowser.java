package dev.toolgate.admin.approvals;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven through Debian's chromedriver ({@code apt-get install chromium chromium-driver},
 * which {@code scripts/test-setup.sh} does). Both paths are given to Selenium, so Selenium Manager never looks for or
 * downloads a browser or a driver. Without them the tests are skipped with a message, and fail under {@code CI=true},
 * so CI cannot go green without the browser test.
 *
 * <p>Shared through this module's test jar by every test of the approvals page in a browser: the proxy's (its admin
 * port) and the e2e module's (the operator's port on a real API server). Their surefire sets {@code SE_OFFLINE=true}.
 */
public final class ChromiumBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String MISSING = "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver, or run scripts/test-setup.sh as root)";

    private ChromiumBrowser() {
    }

    /** A new headless browser, or a skipped test (a failed one under CI=true) when Chromium is not installed. */
    public static ChromeDriver start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(MISSING + "; CI=true, so the test fails instead of being skipped");
            }
            assumeTrue(false, MISSING);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                // CI runs as root, where Chromium's sandbox cannot start; /dev/shm is small in containers
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--no-first-run", "--disable-extensions", "--window-size=1280,1000");
        // the console, so a test can see what the Content-Security-Policy refused
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
