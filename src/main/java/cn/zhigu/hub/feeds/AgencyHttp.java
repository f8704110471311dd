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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
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
        List<String> secrets = secrets(feed, uri.toString(), authorization);
        if (uri.getRawUserInfo() != null) {
            throw new PullFailure(feed + ": " + CredentialMask.mask(uri.toString(), secrets) + " carries credentials in"
                    + " the URL; set hub.feeds." + feed + ".base-url without them and the credentials in their own"
                    + " properties", false);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(s.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(s.getReadTimeout())
                    .header("Authorization", authorization).header("Accept", "application/json, application/xml").GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new PullFailure(feed + ": cannot call " + CredentialMask.mask(uri.toString(), secrets) + ": "
                    + CredentialMask.mask(e.getMessage(), secrets) + "; check hub.feeds." + feed + ".base-url", false);
        }
        Retry retry = Retry.of(feed + "-http", RetryConfig.custom()
                .maxAttempts(Math.max(1, s.getMaxAttempts()))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(s.getInitialBackoff(), 2.0))
                .retryOnException(e -> e instanceof PullFailure f && f.isTransient())
                .build());
        retry.getEventPublisher().onRetry(e -> log.warn("{}: {} (attempt {}), retrying in {} ms", feed,
                e.getLastThrowable().getMessage(), e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis()));
        return Retry.decorateSupplier(retry, () -> once(client, request, feed, secrets)).get();
    }

    /** A URL as the ledger and the log may show it: without the feed's credentials. */
    public String shown(String feed, String url) {
        return CredentialMask.mask(url, secrets(feed, url, null));
    }

    /** The URI of a call, or a clear failure (with no credential in it) when the text is not one. */
    public URI uri(String feed, String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            List<String> secrets = secrets(feed, text, null);
            throw new PullFailure(feed + ": " + CredentialMask.mask(text, secrets) + " is not a URL ("
                    + CredentialMask.mask(e.getMessage(), secrets) + "); check hub.feeds." + feed + ".base-url", false);
        }
    }

    /** What a pull of this feed must never show: its configured credentials, those in the URL, the header. */
    private List<String> secrets(String feed, String url, String authorization) {
        FeedSettings s = props.feed(feed);
        List<String> secrets = new ArrayList<>(CredentialMask.secretsOf(url));
        secrets.addAll(CredentialMask.secretsOf(s.getBaseUrl()));
        secrets.addAll(Arrays.asList(s.getToken(), s.getUsername(), s.getPassword(), authorization));
        if (authorization != null && authorization.indexOf(' ') > 0) {
            String credential = authorization.substring(authorization.indexOf(' ') + 1);
            secrets.add(credential);
            if (authorization.startsWith("Basic ")) {
                try {
                    String[] pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8)
                            .split(":", 2);
                    secrets.addAll(Arrays.asList(pair));
                } catch (IllegalArgumentException ignored) {
                    // not Base64: the header itself is masked
                }
            }
        }
        return secrets;
    }

    private Path once(HttpClient client, HttpRequest request, String feed, List<String> secrets) {
        // scheme, host, port and path: never the user information or the query
        String where = feed + " " + request.uri().getScheme() + "://" + request.uri().getHost()
                + (request.uri().getPort() < 0 ? "" : ":" + request.uri().getPort()) + request.uri().getPath();
        try {
            return send(client, request, feed, where);
        } catch (PullFailure e) {
            throw new PullFailure(CredentialMask.mask(e.getMessage(), secrets), e.isTransient(),
                    CredentialMask.scrub(e.getCause(), secrets));
        }
    }

    private Path send(HttpClient client, HttpRequest request, String feed, String where) {
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
