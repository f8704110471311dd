package cn.zhigu.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health for monitors (status only for anyone, details for ops) and Prometheus metrics for ops. */
class HealthAndMetricsTest extends HubTestSupport {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path, boolean ops) throws Exception {
        return ops ? get(path, "ops", OPS_PASSWORD) : get(path, null, null);
    }

    HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAnalystSeesTheStatusOnlyLikeAnyone() throws Exception {
        for (String path : java.util.List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            JsonNode status = json.readTree(get(path, "analyst", ANALYST_PASSWORD).body());
            assertThat(status.get("status").asText()).as(path).isIn("UP", "DOWN", "OUT_OF_SERVICE");
            assertThat(status.has("components") || status.has("details")).as(path + ": status only: " + status).isFalse();
        }
        assertThat(json.readTree(get("/actuator/health", true).body()).has("components")).as("ops sees the details").isTrue();
    }

    @Test
    void aFeedWhoseLastDeliveryIsOlderThanItsMaxAgeIsDownAndStaleWithItsAge() throws Exception {
        drop("street", "carriers-old.csv", "载体名称,街道,级别,面积,认定日期\n珞珈创谷,珞珈山,省级,5000,2018-01-01\n",
                StandardCharsets.UTF_8);
        awaitBatch("street", "carriers-old.csv");
        // the street offices' last delivery was 40 days ago (their max-age is 35 days)
        jdbc.update("UPDATE batch SET finished_at = ? WHERE feed = 'street'",
                java.time.OffsetDateTime.now().minusDays(40));
        JsonNode street = json.readTree(get("/actuator/health", true).body()).get("components").get("feeds")
                .get("components").get("street");
        assertThat(street.get("status").asText()).isEqualTo("DOWN");
        assertThat(street.get("details").get("freshness").asText()).isEqualTo("STALE");
        assertThat(street.get("details").get("ageSeconds").asLong()).isBetween(40L * 86_400 - 60, 40L * 86_400 + 60);
        assertThat(java.time.OffsetDateTime.parse(street.get("details").get("lastSuccess").asText()))
                .isCloseTo(java.time.OffsetDateTime.now().minusDays(40), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
        assertThat(street.get("details").get("maxAge").asText()).isEqualTo(java.time.Duration.ofDays(35).toString());
        // the whole hub's health is DOWN for it, for anyone; readiness is not
        assertThat(get("/actuator/health", false).statusCode()).isEqualTo(503);
    }

    @Test
    void anyoneSeesOnlyTheStatusAndOpsSeesCamelEachFeedAndTheStore() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/health", false);
        JsonNode status = json.readTree(anonymous.body());
        assertThat(status.has("components") || status.has("details")).as("status only: " + status).isFalse();
        assertThat(status.get("status").asText()).isIn("UP", "DOWN");
        assertThat(anonymous.statusCode()).isEqualTo(status.get("status").asText().equals("UP") ? 200 : 503);

        JsonNode details = json.readTree(get("/actuator/health", true).body()).get("components");
        assertThat(details.has("camelHealth")).isTrue();
        // Camel's route and consumer checks, one of each per route, UP ones too
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).untilAsserted(() -> {
            JsonNode camel = json.readTree(get("/actuator/health", true).body()).get("components").get("camelHealth")
                    .get("details");
            for (String route : java.util.List.of("street-inbound-files", "tax-inbound-files", "university-inbound-files",
                    "cas-inbound-files", "university-pull", "cas-pull", "tax-pull")) {
                assertThat(camel.path("route:" + route).asText()).as("route:" + route).isEqualTo("UP");
                assertThat(camel.path("consumer:" + route).asText()).as("consumer:" + route).isEqualTo("UP");
            }
        });
        assertThat(details.has("db")).isTrue();
        JsonNode street = details.get("feeds").get("components").get("street");
        assertThat(street.get("status").asText()).isEqualTo("DOWN");
        assertThat(street.get("details").get("freshness").asText()).isEqualTo("STALE");
        assertThat(street.get("details").get("lastSuccess").asText()).isEqualTo("never");

        drop("street", "carriers.csv", "载体名称,街道,级别,面积,认定日期\n珞珈创谷,珞珈山,省级,5000,2018-01-01\n",
                StandardCharsets.UTF_8);
        awaitBatch("street", "carriers.csv");
        JsonNode fresh = json.readTree(get("/actuator/health", true).body()).get("components").get("feeds")
                .get("components").get("street");
        assertThat(fresh.get("status").asText()).isEqualTo("UP");
        assertThat(fresh.get("details").get("freshness").asText()).isEqualTo("OK");
        assertThat(fresh.get("details").get("ageSeconds").asLong()).isBetween(0L, 60L);
    }

    @Test
    void livenessIgnoresStaleFeeds() throws Exception {
        HttpResponse<String> live = get("/actuator/health/liveness", false);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json.readTree(live.body()).get("status").asText()).isEqualTo("UP");
        JsonNode liveness = json.readTree(get("/actuator/health/liveness", true).body()).get("components");
        assertThat(liveness.has("camelLivenessState")).as("liveness includes Camel: " + liveness).isTrue();
        // readiness includes Camel's route and consumer checks: UP once the consumers have polled
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40))
                .until(() -> get("/actuator/health/readiness", false).statusCode() == 200);
        JsonNode readiness = json.readTree(get("/actuator/health/readiness", true).body()).get("components");
        assertThat(readiness.has("camelHealth")).isTrue();
        assertThat(readiness.has("camelReadinessState")).isTrue();
        assertThat(readiness.has("db")).isTrue();
    }

    @Test
    void prometheusHasRecordsPerFeedBatchHistogramsFeedAgeRoutesAndJvm() throws Exception {
        drop("street", "c2.csv", "载体名称,街道,级别,面积,认定日期\n甲,珞珈山,省级,1,2018-01-01\n乙,火星,省级,1,2018-01-01\n"
                + "丙,珞珈山,区级,1,2019-01-01\n", StandardCharsets.UTF_8);
        awaitBatch("street", "c2.csv");
        String metrics = get("/actuator/prometheus", true).body();
        assertThat(metrics).containsPattern("hub_records_accepted_total\\{dataset=\"carriers\",feed=\"street\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("hub_records_rejected_total\\{dataset=\"carriers\",feed=\"street\"[^}]*} [1-9]");
        assertThat(metrics).contains("hub_batch_duration_seconds_bucket{");
        assertThat(metrics).containsPattern("hub_feed_age_seconds\\{feed=\"street\"[^}]*} [0-9]");
        // camel-micrometer: each route's exchanges and failures
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"street-inbound-files\"[^}]*} [1-9]");
        assertThat(metrics).containsPattern("camel_exchanges_failed_total\\{[^}]*routeId=\"street-inbound-files\"[^}]*} [0-9]");
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }
}
