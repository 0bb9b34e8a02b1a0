package org.jevse.evse.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.api.ApiPlugin;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The charger's page in a real browser (Debian's chromium through chromedriver, headless), against a charger on the
 * simulated board in real time: log in, watch the session go from plug-in to charging, move the current slider and
 * see the pilot follow, download the CSV of the charge log. One browser start. Screenshots at phone and desktop
 * width go to target/screenshots, and to docs/ with {@code -Djevse.writeScreenshots=true}.
 */
class WebPageBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String EV = "sleep 4; plugin; sleep 2; auth GOOD; draw_power_regulated 32,3; sleep 14; unplug; "
            + "sleep 1; plugin; auth GOOD; draw_power_regulated 32,3; sleep 600";

    @TempDir
    Path dir;
    private ChromeDriver browser;
    private List<ChargerPlugin> plugins = List.of();

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        plugins.forEach(ChargerPlugin::close);
    }

    private SimulatedCharger sim;

    /** Builds the charger; its API listens at once, the charger and its EV script start with {@link #run()}. */
    private int buildCharger() {
        JevseConfig cfg = ConfigLoader.parse(ApiEndpointsTest.apiYaml(dir, false, ""), "browser test");
        sim = new SimulatedCharger(cfg, EvScript.parse(EV), SimulatedCharger.Pace.REAL, 1);
        plugins = sim.plugins();
        return ((ApiPlugin) plugins.stream().filter(p -> p instanceof ApiPlugin).findFirst().orElseThrow()).port();
    }

    private void run() {
        Thread t = new Thread(sim::run, "charger");
        t.setDaemon(true); // the script idles for 10 minutes at its end; the test is over long before
        t.start();
    }

    private ChromeDriver browser(Path downloads) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            String msg = "chromium and chromedriver are not installed: run ./scripts/ensure-tools.sh test";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(msg + "; CI=true, so the browser test must not be skipped");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, msg + "; skipping the browser test");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1280,900");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        o.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private WebDriverWait waitUpTo(int seconds) {
        // The page reloads after the login: an element read during the reload is stale, read it again.
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void aUserLogsInWatchesTheSessionStartMovesTheSliderAndDownloadsTheLog() throws Exception {
        int port = buildCharger();
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        browser = browser(downloads);
        browser.get("http://127.0.0.1:" + port + "/");

        // Log in: without anonymous_read the page asks first.
        waitUpTo(10).until(d -> d.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys("admin-pw");
        browser.findElement(By.id("login-submit")).click();
        waitUpTo(10).until(d -> text("who").equals("admin (control)"));
        run(); // the EV plugs in 4 s from now: whatever the browser's start-up took, the page sees it all
        waitUpTo(10).until(d -> text("state").equals("Idle"));

        // Live: plug-in, authorization, charging, without reloading the page.
        waitUpTo(20).until(d -> text("state").equals("Charging"));
        assertEquals("live", text("connection"));
        assertEquals("limited by cable 32 A", text("limit-text"));
        assertEquals("32.0", text("offered"));

        // The slider: Home is its minimum, 6 A; the pilot follows (IEC 61851-1: 6 A is a 10 % duty).
        WebElement slider = browser.findElement(By.id("current-slider"));
        slider.sendKeys(Keys.HOME);
        waitUpTo(10).until(d -> text("offered").equals("6.0"));
        assertEquals("CP C, PWM 10.0 %", text("pilot"));
        assertEquals("limited by user 6 A", text("limit-text"));
        assertEquals("http: current_limit 6", text("claims"));
        waitUpTo(10).until(d -> text("drawn").equals("6.0"));
        saveScreenshot(new Dimension(390, 844), "web-phone.png");

        // The EV unplugs at about 20 s: the first transaction is in the charge log; download it as CSV.
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#sessions tbody tr")).isEmpty());
        browser.findElement(By.id("csv-link")).click();
        Path csv = downloads.resolve("charge-log.csv");
        waitUpTo(10).until(d -> Files.exists(csv));
        waitUpTo(20).until(d -> text("state").equals("Charging")); // the second session
        saveScreenshot(new Dimension(1280, 900), "web-desktop.png");
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("id,tag,user,start,stop,duration_min,energy_kWh,meter_start_kWh,meter_stop_kWh,stop_reason",
                rows.get(0));
        assertTrue(rows.get(1).matches("[^,]+,GOOD,,[^,]+Z,[^,]+Z,0\\.\\d,0\\.\\d{3},[0-9.]+,[0-9.]+,EVDisconnected"),
                rows.get(1));
    }

    private void saveScreenshot(Dimension size, String name) throws Exception {
        browser.manage().window().setSize(size);
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path target = Files.createDirectories(Path.of("target", "screenshots")).resolve(name);
        Files.write(target, png);
        if (Boolean.getBoolean("jevse.writeScreenshots")) {
            Files.write(Path.of("..", "..", "docs", name), png);
        }
    }
}
