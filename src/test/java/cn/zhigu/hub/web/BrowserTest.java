package cn.zhigu.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.zhigu.hub.HubTestSupport;
import cn.zhigu.hub.feeds.Pulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The pages as a person uses them, in headless Chromium (Debian's chromium and chromium-driver, driven
 * by Selenium without Selenium Manager), against the whole hub with the demo stand-ins. Each page
 * is saved as a PNG under target/screenshots/.
 */
@TestPropertySource(properties = {"hub.demo.enabled=true", "hub.demo.exchange-url=jdbc:hsqldb:mem:tax-exchange-browser"})
@DirtiesContext
class BrowserTest extends HubTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TAX_HEADER = "统一社会信用代码,纳税人名称,所属期,行业代码,街道,营业收入,实缴税额,研发费用,高新技术企业\n";

    @LocalServerPort
    int port;
    @Autowired
    Pulls pulls;
    @Autowired
    CamelContext camel;

    WebDriver driver;
    Path profile;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void browserInstalled() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "/usr/bin/chromium and /usr/bin/chromedriver are not installed"
                + " (apt-get install chromium chromium-driver; .ci/run does this)";
        // CI must run them: there a missing browser fails the class instead of skipping it
        assertThat(installed || !"true".equals(System.getenv("CI"))).as("CI=true: " + missing).isTrue();
        assumeTrue(installed, "browser tests skipped: " + missing);
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void openBrowser() throws IOException {
        // the driver given explicitly, and the browser too: Selenium Manager never looks for (or fetches) either
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        profile = Files.createTempDirectory("hub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--lang=zh-CN", "--window-size=1440,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Routes.restartStopped(camel, port);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    void login(String user, String password) {
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        waiting().until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** The whole page as a PNG: the window is made as tall as the page first. */
    void screenshot(String name) throws IOException {
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);"
                + " return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1440, Math.min(6000, Math.max(900, height.intValue() + 160))));
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1440, 1000));
    }

    /** A page whose script failed, or that broke its content security policy, logs a SEVERE message. */
    void assertNoScriptErrors() {
        List<String> severe = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    /** Clicks what the selector finds, again if a refresh of the page replaced it meanwhile. */
    void click(String css) {
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The text of what the selector finds (the console redraws a row when its content changes). */
    String text(String css) {
        return waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    void awaitText(String css, String expected) {
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> e = d.findElements(By.cssSelector(css));
            return !e.isEmpty() && e.get(0).getText().contains(expected);
        });
    }

    JsonNode api(String path) throws Exception {
        return api(path, "analyst", ANALYST_PASSWORD);
    }

    JsonNode api(String path, String user, String password) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(200);
        return json.readTree(res.body());
    }

    @Test
    void opsLogsInAndSeesTheConsole() throws IOException {
        driver.get(url("/ops"));
        waiting().until(ExpectedConditions.urlContains("/login"));
        assertThat(text("body")).contains("中科武大·智谷 数据汇聚平台").contains("用户名").contains("Password");
        screenshot("login");

        login("ops", OPS_PASSWORD);
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).as("back to the page asked for").isEqualTo("/ops");
        awaitText("tr[data-feed=street]", "街道办事处");
        awaitText("tr[data-route=tax-pull]", "Started");
        assertThat(text("#topbar")).contains("运维控制台").contains("指标看板").contains("ops");
        assertThat(text("#feeds")).contains("武汉大学").contains("中科院武汉分院").contains("区税务局");
        assertNoScriptErrors();
        screenshot("ops-console");
    }

    @Test
    void opsOpensHawtioOnTheCamelRoutesAndAnAnalystMayNot() throws IOException {
        login("ops", OPS_PASSWORD);
        awaitText("#topbar", "Hawtio");
        click("#hawtio-link");
        // Hawtio reads the routes' MBeans through Jolokia with the login session (no second login)
        awaitText("body", "street-inbound-files");
        assertThat(text("body")).contains("tax-pull").doesNotContain("Log in to your account");
        screenshot("hawtio-camel-routes");

        driver.manage().deleteAllCookies();
        login("analyst", ANALYST_PASSWORD);
        driver.get(url("/actuator/hawtio/"));
        awaitText("#denied-title", "403");
    }

    @Test
    void aWrongPasswordIsToldOnTheLoginPage() throws IOException {
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys("ops");
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        driver.findElement(By.id("login-submit")).click();
        awaitText("#login-message", "用户名或密码错误");
        screenshot("login-error");
    }

    @Test
    void anAnalystLandsOnTheDashboardAndIsRefusedTheOpsConsole() throws IOException {
        login("analyst", ANALYST_PASSWORD);
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/dashboard");
        awaitText("#user-name", "analyst");
        assertThat(driver.findElements(By.cssSelector("#topbar a[href='/ops']"))).as("no link to the console").isEmpty();

        driver.get(url("/ops"));
        awaitText("#denied-title", "403");
        assertThat(text("body")).contains("无权访问").contains("Access denied").contains("/ops");
        screenshot("ops-denied-for-analyst");
    }

    @Test
    void aStaleFeedTurnsOkAfterSyncNow() throws IOException {
        login("ops", OPS_PASSWORD);
        String freshness = "tr[data-feed=university] .freshness";
        awaitText(freshness, "STALE");
        screenshot("ops-feed-stale");

        click("button.sync[data-feed=university]");
        awaitText(freshness, "OK");
        assertThat(text("tr[data-feed=university] .last-success")).isNotEqualTo("—");
        assertThat(text("tr[data-feed=university]")).contains("university-contracts");  // its cursor
        screenshot("ops-feed-ok-after-sync");
    }

    @Test
    void aRejectedFileShowsItsReasonAndIsRequeuedOnceFixed() throws Exception {
        drop("tax", "july.csv", "code,name,month\nx,y,z\n", StandardCharsets.UTF_8);
        Map<String, Object> rejected = awaitBatch("tax", "july.csv");
        assertThat(rejected.get("STATUS")).isEqualTo("REJECTED");
        long id = ((Number) rejected.get("ID")).longValue();

        login("ops", OPS_PASSWORD);
        String row = "tr[data-batch='" + id + "']";
        awaitText(row, "REJECTED");
        click(row);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-reason")));
        assertThat(text("#detail-title")).contains("#" + id);
        assertThat(text("#detail-reason")).contains("missing").contains("统一社会信用代码");
        assertThat(text("#reject-rows")).contains("整个文件被拒收");
        screenshot("ops-batch-rejected");

        // the agency fixes the file in rejected/, the operator re-queues it
        Files.writeString(rejected("tax", "july.csv"), TAX_HEADER + code("91420106MA4KL3B21")
                + ",甲公司,202007,I6513,珞珈山,700,5,0,N\n", StandardCharsets.UTF_8);
        click("#requeue");
        awaitText("#toast", "已重新入队");
        await().atMost(WAIT).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM batch WHERE source = 'july.csv'"
                + " AND status = 'APPLIED' AND id > ?", Integer.class, id) == 1);
        long applied = jdbc.queryForObject("SELECT id FROM batch WHERE source = 'july.csv' AND status = 'APPLIED'",
                Long.class);
        awaitText("tr[data-batch='" + applied + "']", "APPLIED");
        assertThat(rejected("tax", "july.csv.reason.txt")).doesNotExist();
        screenshot("ops-requeued-and-applied");
    }

    @Test
    void anOperatorStopsAndStartsARoute() throws IOException {
        login("ops", OPS_PASSWORD);
        String row = "tr[data-route=street-inbound-files]";
        awaitText(row + " .route-status", "Started");
        click(row + " button.stop");
        awaitText(row + " .route-status", "Stopped");
        assertThat(camel.getRouteController().getRouteStatus("street-inbound-files")).isEqualTo(ServiceStatus.Stopped);
        assertThat(text("#today-routes")).contains("/");
        screenshot("ops-route-stopped");

        click(row + " button.start");
        awaitText(row + " .route-status", "Started");
        assertThat(camel.getRouteController().getRouteStatus("street-inbound-files")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void theRevenueChartPlotsTheApisValues() throws Exception {
        pulls.syncNow("tax");
        login("analyst", ANALYST_PASSWORD);
        driver.get(url("/dashboard?area=ZHIGU&from=2019&to=2022&g=Y"));
        waiting().until(d -> ((JavascriptExecutor) d).executeScript(
                "return !!(window.hubCharts && window.hubCharts.REVENUE && document.body.dataset.chartsReady)"));
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> plotted = (Map<String, List<Object>>) ((JavascriptExecutor) driver).executeScript(
                "const c = window.hubCharts.REVENUE; return {labels: c.data.labels, data: c.data.datasets[0].data};");

        JsonNode values = api("/api/indicators/REVENUE/values?from=2019&to=2022&area=ZHIGU").get("values");
        List<String> periods = new ArrayList<>();
        List<BigDecimal> expected = new ArrayList<>();
        values.forEach(v -> {
            periods.add(v.get("period").asText());
            expected.add(v.get("value").decimalValue());
        });
        assertThat(plotted.get("labels")).containsExactlyElementsOf(periods);
        assertThat(plotted.get("data")).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(new BigDecimal(plotted.get("data").get(i).toString())).as(periods.get(i))
                    .isEqualByComparingTo(expected.get(i));
        }
        assertThat(expected).as("the pull brought revenue to plot").anySatisfy(v -> assertThat(v).isPositive());

        // money is read in 万元 / 亿元; the CSV link is the same series, in 元
        awaitText(".card[data-code=REVENUE] .value", "元");
        assertThat(text(".card[data-code=REVENUE] .value")).containsAnyOf("万元", "亿元");
        assertThat(text(".card[data-code=REVENUE]")).contains("2025 目标").contains("2030 目标").contains("200 亿元");
        String csv = driver.findElement(By.id("csv-REVENUE")).getAttribute("href");
        assertThat(csv).contains("/ui-api/indicators/REVENUE/values.csv?").contains("area=ZHIGU").contains("from=2019");
        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csv))
                .header("Cookie", "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).startsWith("\uFEFFcode,name,unit").contains("REVENUE,营业收入,元,2020,ZHIGU");
        awaitText("#drill-rows", "珞珈山街道");
        assertNoScriptErrors();
        screenshot("dashboard");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("drill-dim"))).selectByValue("industry");
        awaitText("#drill-rows", "信息传输");
        screenshot("dashboard-drill-by-industry");
    }

    @Test
    void anOperatorWatchesABigFileComeInAndReadsEachRecordItRefused() throws Exception {
        login("ops", OPS_PASSWORD);
        awaitText("#running-rows", "当前没有正在导入的批次");
        String nextRun = api("/api/feeds/tax", "ops", OPS_PASSWORD).get("nextRunAt").asText();
        assertThat(nextRun).as("the tests' schedule: 0 0 0 1 1 ? 2099").startsWith("2099-01-01T00:00");
        awaitText("tr[data-feed=tax] td:nth-child(6)", "2099-01-01 00:00:00");

        // a month of returns from 200,000 enterprises, two of its records refused, written elsewhere and moved in
        String name = "returns-2023-01.csv";
        int rows = 200_000;
        Path inbound = Files.createDirectories(DATA_DIR.resolve("inbound/tax"));
        Path hidden = inbound.resolve("." + name);
        try (java.io.BufferedWriter w = Files.newBufferedWriter(hidden, StandardCharsets.UTF_8)) {
            w.write(TAX_HEADER);
            for (int i = 0; i < rows; i++) {
                w.write(code("91420106MB" + String.format("%07d", i)) + ",企业" + i + ",202301,I6513,珞珈山," + (1_000 + i % 97)
                        + ".00,10.00,0,N\n");
                if (i == 0) {
                    w.write("91420106XXXXXXXXXI,坏行甲,202301,I6513,珞珈山,1.00,0,0,N\n");
                    w.write(code("91420106MB9999999") + ",坏行乙,202313,I6513,珞珈山,1.00,0,0,N\n");
                }
            }
        }
        Files.move(hidden, inbound.resolve(name));

        // while it runs, the console shows it with the records read so far
        String running = "#running-rows tr[data-running]";
        awaitText(running, name);
        // the records read so far, in the running table and in the ledger's row of the running batch
        for (String count : List.of(running + " .rows-so-far", "tr[data-status=RUNNING] td:nth-child(8)")) {
            waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                List<WebElement> r = d.findElements(By.cssSelector(count));
                long soFar = r.isEmpty() ? 0 : Long.parseLong(r.get(0).getText().split(" ")[0].replace(",", ""));
                assertThat(soFar).as(count).isLessThanOrEqualTo(rows + 2L);
                return soFar > 0;
            });
        }
        assertThat(text("tr[data-feed=street]")).as("max-age read as days").contains("上限 max 35d");
        assertThat(text("tr[data-feed=tax]")).contains("上限 max 2d");
        screenshot("ops-running-batch");

        Map<String, Object> batch = awaitBatch("tax", name, Duration.ofMinutes(3));
        assertThat(batch.get("STATUS")).isEqualTo("PARTIAL");
        long id = ((Number) batch.get("ID")).longValue();
        String row = "tr[data-batch='" + id + "']";
        awaitText(row, "PARTIAL");
        assertThat(text(row + " td:nth-child(8)").replace(",", "")).as("read").isEqualTo(String.valueOf(rows + 2));
        assertThat(text(row + " td:nth-child(9)").replace(",", "")).as("accepted").isEqualTo(String.valueOf(rows));
        assertThat(text(row + " td:nth-child(10)")).as("rejected").isEqualTo("2");
        awaitText("#running-rows", "当前没有正在导入的批次");

        // the batch opened: each refused record with its position, its raw text and its reason, as the ledger keeps them
        click(row);
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("reject-rows")));
        awaitText("#detail-summary", "读取 read " + (rows + 2) + " / 接收 accepted " + rows + " / 拒收 rejected 2");
        JsonNode rejects = api("/api/batches/" + id + "/rejects", "ops", OPS_PASSWORD);
        assertThat(rejects).hasSize(2);
        List<WebElement> shown = driver.findElements(By.cssSelector("#reject-rows tr"));
        assertThat(shown).hasSize(2);
        for (int i = 0; i < 2; i++) {
            List<WebElement> cells = shown.get(i).findElements(By.tagName("td"));
            assertThat(cells.get(1).getText()).isEqualTo(rejects.get(i).get("position").asText());
            assertThat(cells.get(2).getText()).isEqualTo(rejects.get(i).get("rawText").asText());
            assertThat(cells.get(3).getText()).isEqualTo(rejects.get(i).get("reason").asText());
        }
        assertThat(text("#reject-rows")).contains("line 3").contains("91420106XXXXXXXXXI").contains("line 4").contains("202313");
        // and downloaded for the agency
        String download = driver.findElement(By.id("rejects-csv")).getAttribute("href");
        assertThat(download).endsWith("/ui-api/batches/" + id + "/rejects.csv");
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(download))
                .header("Cookie", "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines()).hasSize(3).element(1).asString().contains(rejects.get(0).get("reason").asText());
        assertNoScriptErrors();
        screenshot("ops-batch-partial-rejects");
    }

    @Test
    void everyChartOfTheDistrictAndTheTargetProgressAgreeWithTheApi() throws Exception {
        pulls.syncNow("tax");
        drop("street", "settlement-ledger.csv", Files.readAllBytes(Path.of("sample-feeds", "street", "settlement-ledger.csv")));
        assertThat(awaitBatch("street", "settlement-ledger.csv").get("STATUS")).isEqualTo("PARTIAL");
        login("analyst", ANALYST_PASSWORD);
        driver.get(url("/dashboard?area=DISTRICT&from=2019&to=2022&g=Y"));
        waiting().until(d -> ((JavascriptExecutor) d).executeScript(
                "return !!(window.hubCharts && window.hubCharts.REVENUE && document.body.dataset.chartsReady)"));

        // every chart plots the API's values of the district, period by period
        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Object>>> charts = (Map<String, Map<String, List<Object>>>) ((JavascriptExecutor) driver)
                .executeScript("const out = {}; for (const [code, c] of Object.entries(window.hubCharts)) {"
                        + " if (code !== 'drill') out[code] = {labels: c.data.labels, data: c.data.datasets[0].data}; } return out;");
        assertThat(charts).containsKeys("ENT_SETTLED", "SPACE_OCCUPIED", "REVENUE", "TAX_PAID", "RD_INTENSITY", "TT_AMOUNT",
                "FUND_AMOUNT");
        boolean anyPlotted = false;
        for (var chart : charts.entrySet()) {
            JsonNode values = api("/api/indicators/" + chart.getKey() + "/values?from=2019&to=2022&area=DISTRICT").get("values");
            List<String> periods = new ArrayList<>();
            values.forEach(v -> periods.add(v.get("period").asText()));
            assertThat(chart.getValue().get("labels")).as(chart.getKey()).containsExactlyElementsOf(periods);
            List<Object> plotted = chart.getValue().get("data");
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i).get("value");
                if (v.isNull()) {
                    assertThat(plotted.get(i)).as(chart.getKey() + " " + periods.get(i)).isNull();
                } else {
                    assertThat(new BigDecimal(plotted.get(i).toString())).as(chart.getKey() + " " + periods.get(i))
                            .isCloseTo(v.decimalValue(), org.assertj.core.api.Assertions.within(new BigDecimal("0.000001")));
                    anyPlotted |= v.decimalValue().signum() != 0;
                }
            }
        }
        assertThat(anyPlotted).as("the pull and the ledger brought values to plot").isTrue();

        // each target card: the Zhigu's latest value against the 2025 and 2030 targets, as the API gives them
        int thisYear = java.time.Year.now().getValue();
        for (String code : List.of("ENT_SETTLED", "REVENUE", "SPACE_OCCUPIED")) {
            JsonNode values = api("/api/indicators/" + code + "/values?from=2015&to=2030&area=ZHIGU").get("values");
            BigDecimal latest = null;
            Map<String, BigDecimal> targets = new java.util.HashMap<>();
            for (JsonNode v : values) {
                if (Integer.parseInt(v.get("period").asText()) <= thisYear && !v.get("value").isNull()
                        && v.get("value").decimalValue().signum() != 0) {
                    latest = v.get("value").decimalValue();
                }
                if (List.of("2025", "2030").contains(v.get("period").asText())) {
                    targets.put(v.get("period").asText(), v.get("target").decimalValue());
                }
            }
            assertThat(latest).as(code + ": a value to measure").isNotNull();
            assertThat(targets).as(code).containsOnlyKeys("2025", "2030").doesNotContainValue(null);
            for (var t : targets.entrySet()) {
                double expected = latest.doubleValue() / t.getValue().doubleValue() * 100;
                String bar = ".card.target[data-code=" + code + "] .progress[data-year='" + t.getKey() + "']";
                double shown = Double.parseDouble(text(bar + " .pct").replace(" %", ""));
                assertThat(shown).as(code + " toward " + t.getKey()).isCloseTo(expected,
                        org.assertj.core.data.Offset.offset(expected < 1 ? 0.0051 : 0.051));
                String width = driver.findElement(By.cssSelector(bar + " .bar span")).getAttribute("style");
                assertThat(Double.parseDouble(width.replaceAll("[^0-9.]", ""))).as(code + " bar toward " + t.getKey())
                        .isCloseTo(Math.min(100, expected), org.assertj.core.data.Offset.offset(0.01));
            }
        }
        assertNoScriptErrors();
        screenshot("dashboard-district");
    }

    @Test
    void aFileTheHubCannotTakeShowsWaitingWithItsReasonUntilItIsTaken() throws Exception {
        // rejected/tax cannot take files (it is a file, as a full disk or a read-only mount would refuse them)
        Path rejectedDir = DATA_DIR.resolve("rejected/tax");
        Files.createDirectories(rejectedDir.getParent());
        Files.deleteIfExists(rejectedDir);
        Files.writeString(rejectedDir, "not a folder");
        try {
            login("ops", OPS_PASSWORD);
            drop("tax", "august.csv", TAX_HEADER + code("91420106MA4KL3B21") + ",甲公司,202008,I6513,珞珈山,700,5,0,N\n",
                    StandardCharsets.UTF_8);
            awaitText("tr[data-feed=tax] .waiting", "august.csv");
            assertThat(text("tr[data-feed=tax] .waiting")).contains("在 inbound 等待").contains(rejectedDir.toString())
                    .contains("cannot take files");
            assertThat(DATA_DIR.resolve("inbound/tax/august.csv")).exists();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch", Integer.class)).isZero();
            assertNoScriptErrors();
            screenshot("ops-file-waiting");

            Files.delete(rejectedDir);
            assertThat(awaitBatch("tax", "august.csv").get("STATUS")).isEqualTo("APPLIED");
            waiting().until(d -> d.findElements(By.cssSelector("tr[data-feed=tax] .waiting")).isEmpty());
        } finally {
            if (Files.isRegularFile(rejectedDir)) {
                Files.delete(rejectedDir);
            }
        }
    }
}
