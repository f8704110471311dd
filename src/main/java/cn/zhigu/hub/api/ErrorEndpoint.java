package cn.zhigu.hub.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (in place of Spring Boot's): whatever ends in an error outside the
 * controllers (an unknown method, a request the container or the firewall refused, a failure in a
 * filter) is answered like every other API error, JSON with a message, and never with the exception's
 * text. Called directly, {@code /error} is just a resource that does not exist.
 */
@RestController
public class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest req) {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String s ? s : req.getRequestURI();
        if (!(code instanceof Integer c)) {
            return respond(HttpStatus.NOT_FOUND, "no such resource: " + req.getRequestURI(), req.getRequestURI());
        }
        HttpStatus status = HttpStatus.resolve(c) == null ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.resolve(c);
        String given = req.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String m && !m.isBlank() ? m : null;
        String message = switch (status) {
            case NOT_FOUND -> "no such resource: " + uri;
            case METHOD_NOT_ALLOWED -> "method " + req.getMethod() + " is not allowed on " + uri;
            case UNAUTHORIZED -> "authentication required";
            case FORBIDDEN -> "your role may not use " + uri;
            case BAD_REQUEST -> "bad request" + (given == null ? "" : ": " + given);
            default -> status.is5xxServerError() ? "the hub could not answer this request; its log has the details"
                    : status.getReasonPhrase();
        };
        return respond(status, message, uri);
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, String message, String path) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiErrors.body(status, message, path));
    }
}
