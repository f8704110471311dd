package cn.zhigu.hub.feeds;

/**
 * A pull that could not be done. Transient failures (5xx, timeouts, refused connections) are retried
 * and count against the agency's circuit breaker; the others (401, 403, other 4xx, a malformed
 * payload) are not retried: their reason says what to fix.
 */
public class PullFailure extends RuntimeException {
    private final boolean transientFailure;

    public PullFailure(String reason, boolean transientFailure, Throwable cause) {
        super(reason, cause);
        this.transientFailure = transientFailure;
    }

    public PullFailure(String reason, boolean transientFailure) {
        this(reason, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The feed's address is not configured (and no demo stand-in answers for it). */
    public static PullFailure notConfigured(String feed, String property) {
        return new NotConfigured("hub.feeds." + feed + "." + property + " is not set: the hub does not know where"
                + " to pull " + feed + " from");
    }

    static final class NotConfigured extends PullFailure {
        NotConfigured(String reason) {
            super(reason, false);
        }
    }
}
