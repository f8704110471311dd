package cn.zhigu.hub.web;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

/** Test hygiene for tests that stop routes: the shared hub is left with every route started and healthy. */
final class Routes {

    private Routes() {}

    /**
     * Starts every stopped route and waits until the hub is ready again (readiness includes Camel's
     * route and consumer checks; a restarted file consumer counts as down until its first poll), so
     * that the next test class finds the hub as it was. Overall health is not the signal: it is DOWN
     * while any feed is stale, as feeds are in tests.
     */
    static void restartStopped(CamelContext camel, int port) throws Exception {
        boolean restarted = false;
        for (Route r : camel.getRoutes()) {
            if (camel.getRouteController().getRouteStatus(r.getRouteId()) != ServiceStatus.Started) {
                camel.getRouteController().startRoute(r.getRouteId());
                restarted = true;
            }
        }
        if (restarted) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }
}
