package cn.zhigu.hub.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the stand-ins are and how to log in to them, for the pull clients to fall back to when their
 * {@code hub.feeds.*} properties are empty. The HTTP base URLs point at this hub's own web server on
 * 127.0.0.1; its port is known only once the server has started, so they are resolved at each call.
 */
@Component
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoEndpoints {

    private final Environment env;
    private final DemoCredentials credentials;
    private final DemoExchangeDatabase exchange;

    public DemoEndpoints(Environment env, DemoCredentials credentials, DemoExchangeDatabase exchange) {
        this.env = env;
        this.credentials = credentials;
        this.exchange = exchange;
    }

    /** The F1 base URL: {@code http://127.0.0.1:<port>/demo/university}. */
    public String universityBaseUrl() {
        return server() + "/demo/university";
    }

    public String universityToken() {
        return credentials.universityToken();
    }

    /** The F2 base URL: {@code http://127.0.0.1:<port>/demo/cas}. */
    public String casBaseUrl() {
        return server() + "/demo/cas";
    }

    public String casUsername() {
        return credentials.casUsername();
    }

    public String casPassword() {
        return credentials.casPassword();
    }

    /** The F3 exchange database. */
    public String taxJdbcUrl() {
        return exchange.jdbcUrl();
    }

    public String taxUsername() {
        return exchange.username();
    }

    public String taxPassword() {
        return exchange.password();
    }

    /**
     * {@code http://127.0.0.1:<port>} plus any servlet context path.
     *
     * @throws IllegalStateException before the web server has started
     */
    private String server() {
        String port = env.getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("the demo stand-ins' port is not known before the web server has started");
        }
        String contextPath = env.getProperty("server.servlet.context-path", "");
        if (contextPath.endsWith("/")) {
            contextPath = contextPath.substring(0, contextPath.length() - 1);
        }
        return "http://127.0.0.1:" + port + contextPath;
    }
}
