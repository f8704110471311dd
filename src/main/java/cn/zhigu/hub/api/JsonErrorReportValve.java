package cn.zhigu.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page, for the requests it refuses before the hub sees them (a NUL or an encoded
 * slash in the path, a malformed request line): the same JSON as every other error, not Tomcat's HTML
 * page with its version. Installed on the host by {@link HubWebServer}.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code) == null ? HttpStatus.BAD_REQUEST : HttpStatus.resolve(code);
        String message = status == HttpStatus.BAD_REQUEST
                ? "the request was refused: its URL holds a character the hub does not take (a NUL, an encoded"
                        + " slash or backslash) or is malformed"
                : status.is5xxServerError() ? "the hub could not answer this request; its log has the details"
                : status.getReasonPhrase();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ApiErrors.body(status, message, null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone: nothing more to tell
        }
    }
}
