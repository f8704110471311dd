package cn.zhigu.hub.api;

import java.security.Principal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
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
        return m;
    }

    private static String name(Principal user) {
        return user == null ? "someone" : user.getName();
    }
}
