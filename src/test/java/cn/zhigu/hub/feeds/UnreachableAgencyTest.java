package cn.zhigu.hub.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.zhigu.hub.HubProperties;
import cn.zhigu.hub.HubTestSupport;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Without the demo stand-ins: an unconfigured agency and one that refuses connections. */
class UnreachableAgencyTest extends HubTestSupport {

    @Autowired
    Pulls pulls;
    @Autowired
    HubProperties props;

    @Test
    void anUnconfiguredAgencyIsAClearFailureInTheLedger() {
        assertThatThrownBy(() -> pulls.syncNow("cas")).isInstanceOf(PullFailure.class)
                .hasMessageContaining("hub.feeds.cas.base-url is not set");
        assertThat(jdbc.queryForObject("SELECT reason FROM batch WHERE feed = 'cas'", String.class))
                .contains("hub.feeds.cas.base-url");
    }

    @Test
    void aRefusedConnectionIsRetriedThenFailsTheBatchAndCountsAgainstTheCircuit() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HubProperties.FeedSettings university = props.feed("university");
        university.setBaseUrl("http://127.0.0.1:" + closedPort);
        university.setToken("not-a-real-token");
        try {
            long failedBefore = pulls.breaker("university").getMetrics().getNumberOfFailedCalls();
            assertThatThrownBy(() -> pulls.syncNow("university")).isInstanceOf(PullFailure.class)
                    .hasMessageContaining("cannot connect");
            assertThat(jdbc.queryForObject("SELECT status FROM batch WHERE feed = 'university'", String.class))
                    .isEqualTo("FAILED");
            assertThat(pulls.breaker("university").getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore + 1);
        } finally {
            university.setBaseUrl(null);
            university.setToken(null);
            pulls.breaker("university").reset();
        }
    }
}
