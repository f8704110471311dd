package cn.zhigu.hub.api;

import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.util.backoff.BackOffTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Camel routes with their state; stop and start one (ops). */
@RestController
@RequestMapping({"/api/routes", UiApi.PATH + "/routes"})
public class RouteController {

    private static final Logger log = LoggerFactory.getLogger(RouteController.class);
    /** How long a stop waits for a batch in flight before it gives up (the batch is never cut in half). */
    static final int STOP_TIMEOUT_SECONDS = 30;

    private final CamelContext camel;

    public RouteController(CamelContext camel) {
        this.camel = camel;
    }

    @GetMapping
    public List<Map<String, Object>> routes() {
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(this::route).toList();
    }

    @GetMapping("/{id}")
    public Map<String, Object> one(@PathVariable String id) {
        return route(known(id));
    }

    @PostMapping("/{id}/stop")
    public Map<String, Object> stop(@PathVariable String id, Principal user) throws Exception {
        Route route = known(id);
        log.info("{} stops route {}", name(user), id);
        camel.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return route(route);
    }

    @PostMapping("/{id}/start")
    public Map<String, Object> start(@PathVariable String id, Principal user) throws Exception {
        Route route = known(id);
        log.info("{} starts route {}", name(user), id);
        camel.getRouteController().startRoute(id);
        return route(route);
    }

    private Route known(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw ApiException.notFound("no route '" + id + "'; GET /api/routes lists them");
        }
        return route;
    }

    private Map<String, Object> route(Route r) {
        ServiceStatus st = camel.getRouteController().getRouteStatus(r.getRouteId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.getRouteId());
        m.put("description", r.getDescription());
        m.put("status", st == null ? "UNKNOWN" : st.name());
        m.put("uptimeMillis", st == ServiceStatus.Started ? r.getUptimeMillis() : null);
        m.put("endpoint", r.getEndpoint() == null ? null : r.getEndpoint().getEndpointBaseUri());
        m.put("supervision", supervision(r.getRouteId()));
        return m;
    }

    /**
     * What the supervising route controller is doing about a route that failed to start: RESTARTING
     * (with the attempts so far, the next attempt and the error) or EXHAUSTED (given up); null for a
     * route it has no trouble with.
     */
    private Map<String, Object> supervision(String id) {
        if (!(camel.getRouteController() instanceof SupervisingRouteController sup)) {
            return null;
        }
        BackOffTimer.Task task = sup.getRestartingRouteState(id);
        boolean exhausted = sup.getExhaustedRoutes().stream().anyMatch(x -> x.getRouteId().equals(id));
        if (task == null && !exhausted) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", exhausted ? "EXHAUSTED" : "RESTARTING");
        s.put("attempts", task == null ? null : task.getCurrentAttempts());
        s.put("nextAttemptAt", task == null || exhausted || task.getNextAttemptTime() <= 0 ? null
                : Instant.ofEpochMilli(task.getNextAttemptTime()).toString());
        Throwable error = sup.getRestartException(id);
        if (error == null && task != null) {
            error = task.getException(); // (before the first restart attempt has ended)
        }
        s.put("error", error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage());
        return s;
    }

    private static String name(Principal user) {
        return user == null ? "someone" : user.getName();
    }
}
