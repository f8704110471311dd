package cn.zhigu.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route that cannot start (its inbound share is not there) does not take the hub down: the
 * supervising route controller keeps it DOWN in health, retries it with backoff, and starts it as
 * soon as the cause is gone; the other routes and the API serve all along.
 */
class RouteSupervisionIT {

    private static final List<String> FILE_ROUTES =
            List.of("university-inbound-files", "cas-inbound-files", "tax-inbound-files", "street-inbound-files");

    @TempDir
    Path dataDir;

    @Test
    void aRouteThatCannotStartIsShownDownRetriedWithBackoffAndStartedOnceItsFolderIsThere() throws Exception {
        // the inbound share is "not mounted": a plain file where the folder should be
        Path inbound = dataDir.resolve("inbound");
        Files.writeString(inbound, "not a folder");
        String[] quickBackoff = {"--camel.routecontroller.back-off-delay=300", "--camel.routecontroller.back-off-multiplier=2",
                "--camel.routecontroller.back-off-max-delay=1500"};
        try (HubProcess hub = new HubProcess(dataDir, quickBackoff).start()) {
            // start() returned: the hub came up and its API answers although four routes could not start
            // (the supervisor starts routes in the background: wait for its first failed attempt and its error)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> FILE_ROUTES.stream()
                    .allMatch(id -> supervisionState(hub, id).equals("RESTARTING") && supervisionError(hub, id) != null));
            for (String id : FILE_ROUTES) {
                JsonNode route = hub.json("/api/routes/" + id);
                assertThat(route.get("status").asText()).as(id).isNotEqualTo("Started");
                assertThat(route.get("supervision").get("state").asText()).as(id).isEqualTo("RESTARTING");
                assertThat(route.get("supervision").get("error").asText()).as(id).contains(dataDir.resolve("inbound").toString());
            }
            assertThat(hub.json("/api/routes/tax-pull").get("status").asText()).isEqualTo("Started");
            assertThat(hub.json("/api/routes/tax-pull").get("supervision").isNull()).isTrue();

            // retried, not given up: the attempts keep growing with backoff
            long attempts = hub.json("/api/routes/tax-inbound-files").get("supervision").get("attempts").asLong();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    hub.json("/api/routes/tax-inbound-files").get("supervision").get("attempts").asLong() >= attempts + 2);

            // health: the routes are DOWN by name, readiness is out, liveness stays UP (no restart of the JVM)
            assertThat(hub.get("/actuator/health").statusCode()).isEqualTo(503);
            JsonNode camel = hub.json("/actuator/health").get("components").get("camelHealth");
            assertThat(camel.get("status").asText()).isEqualTo("DOWN");
            assertThat(camel.get("details").get("route:tax-inbound-files").asText()).isEqualTo("DOWN");
            assertThat(hub.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(hub.json("/actuator/health/liveness").get("status").asText()).isEqualTo("UP");

            // the share appears: every file route starts by itself on its next attempt
            Files.delete(inbound);
            Files.createDirectories(inbound);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> FILE_ROUTES.stream()
                    .allMatch(id -> routeStarted(hub, id)));
            for (String id : FILE_ROUTES) {
                assertThat(hub.json("/api/routes/" + id).get("supervision").isNull()).as(id).isTrue();
            }
            // (a file consumer's health check turns UP with its first successful poll)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                JsonNode camelHealth = hub.json("/actuator/health").get("components").get("camelHealth");
                assertThat(camelHealth.get("status").asText()).as(camelHealth.toString()).isEqualTo("UP");
            });

            // and does its work: a tax file dropped now is taken and applied
            Path source = Path.of("sample-feeds", "tax", "tax-2021-q1.csv");
            Path tmp = dataDir.resolve("inbound/tax/.tax-2021-q1.csv");
            Files.copy(source, tmp);
            Files.move(tmp, dataDir.resolve("inbound/tax/tax-2021-q1.csv"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode batches = hub.json("/api/batches?feed=tax");
                return batches.size() == 1 && !batches.get(0).get("status").asText().equals("RUNNING");
            });
            // sample-feeds/EXPECTED.md: 40 returns accepted, one refused
            JsonNode batch = hub.json("/api/batches?feed=tax").get(0);
            assertThat(batch.get("status").asText()).isEqualTo("PARTIAL");
            assertThat(batch.get("accepted").asInt()).isEqualTo(40);
            // (the ledger entry is committed before Camel moves the file on the exchange's completion)
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(dataDir.resolve("archive/tax/tax-2021-q1.csv")).exists());
        }
    }

    private static String supervisionState(HubProcess hub, String id) {
        try {
            return hub.json("/api/routes/" + id).path("supervision").path("state").asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static String supervisionError(HubProcess hub, String id) {
        try {
            JsonNode error = hub.json("/api/routes/" + id).path("supervision").path("error");
            return error.isTextual() ? error.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean routeStarted(HubProcess hub, String id) {
        try {
            return hub.json("/api/routes/" + id).get("status").asText().equals("Started");
        } catch (Exception e) {
            return false;
        }
    }
}
