package cn.zhigu.hub.feeds;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubProperties.FeedSettings;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * GETs from an agency with connect and read timeouts, retrying transient failures with exponential
 * backoff (resilience4j), and saves the body to a file under {@code hub.data-dir/tmp} so that the
 * feed's streaming reader reads it like a delivered file.
 */
@Component
public class AgencyHttp {

    private static final Logger log = LoggerFactory.getLogger(AgencyHttp.class);

    private final HubProperties props;

    public AgencyHttp(HubProperties props) {
        this.props = props;
    }

    /** The body of a successful GET, in a temporary file the caller deletes. */
    public Path get(String feed, URI uri, String authorization) {
        FeedSettings s = props.feed(feed);
        HttpClient client = HttpClient.newBuilder().connectTimeout(s.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(s.getReadTimeout())
                .header("Authorization", authorization).header("Accept", "application/json, application/xml").GET()
                .build();
        Retry retry = Retry.of(feed + "-http", RetryConfig.custom()
                .maxAttempts(Math.max(1, s.getMaxAttempts()))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(s.getInitialBackoff(), 2.0))
                .retryOnException(e -> e instanceof PullFailure f && f.isTransient())
                .build());
        retry.getEventPublisher().onRetry(e -> log.warn("{}: {} (attempt {}), retrying in {} ms", feed,
                e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis()));
        return Retry.decorateSupplier(retry, () -> once(client, request, feed)).get();
    }

    private Path once(HttpClient client, HttpRequest request, String feed) {
        String where = feed + " " + request.uri().getScheme() + "://" + request.uri().getAuthority()
                + request.uri().getPath();
        Path tmp = null;
        try {
            Path dir = props.getDataDir().resolve("tmp");
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, feed + "-pull-", ".part");
            HttpResponse<Path> res = client.send(request, HttpResponse.BodyHandlers.ofFile(tmp));
            int status = res.statusCode();
            if (status >= 200 && status < 300) {
                return tmp;
            }
            Files.deleteIfExists(tmp);
            if (status == 401 || status == 403) {
                throw new PullFailure("HTTP " + status + " from " + where + ": the agency refused the hub's"
                        + " credentials; check hub.feeds." + feed + " credentials", false);
            }
            if (status >= 500 || status == 429 || status == 408) {
                throw new PullFailure("HTTP " + status + " from " + where, true);
            }
            throw new PullFailure("HTTP " + status + " from " + where + ": the request was refused; check"
                    + " hub.feeds." + feed + ".base-url", false);
        } catch (HttpTimeoutException e) {
            deleteQuietly(tmp);
            throw new PullFailure("timed out calling " + where + " (" + e.getMessage() + ")", true, e);
        } catch (ConnectException e) {
            deleteQuietly(tmp);
            throw new PullFailure("cannot connect to " + where + " (" + e + ")", true, e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new PullFailure("I/O error calling " + where + ": " + e, true, e);
        } catch (InterruptedException e) {
            deleteQuietly(tmp);
            Thread.currentThread().interrupt();
            throw new PullFailure("interrupted calling " + where, false, e);
        }
    }

    public static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

}
