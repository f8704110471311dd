package cn.zhigu.hub.web;

import static cn.zhigu.hub.api.SecurityConfiguration.ANALYST;
import static cn.zhigu.hub.api.SecurityConfiguration.OPS;

import cn.zhigu.hub.api.ApiErrors;
import cn.zhigu.hub.api.SecurityConfiguration;
import cn.zhigu.hub.api.UiApi;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The browser pages' chain, ahead of the API's stateless Basic chain: a login form, a session, CSRF
 * protection and the usual security headers. It covers the pages, their assets, {@code /ui-api/**} (the
 * API as the pages call it with their session) and Hawtio with its Jolokia endpoint (ops only). Everything
 * else (the API for scripts under {@code /api/**}, the rest of the actuator) stays with
 * {@link cn.zhigu.hub.api.SecurityConfiguration}.
 *
 * <p>The CSRF token is in a cookie ({@code XSRF-TOKEN}) that the pages' script reads and sends back as
 * the {@code X-XSRF-TOKEN} header (fetch) or the {@code _csrf} field (forms); a site elsewhere can
 * neither read the cookie nor set the header.
 */
@Configuration(proxyBeanMethods = false)
public class PageSecurityConfiguration {

    /** Hawtio and the Jolokia endpoint it reads the JMX MBeans (Camel's among them) through. */
    static final String[] HAWTIO = {"/actuator/hawtio", "/actuator/hawtio/**", "/actuator/jolokia", "/actuator/jolokia/**"};
    static final String[] PAGES = {"/", "/login", "/logout", "/ops", "/ops/**", "/dashboard", "/dashboard/**",
        "/assets/**", "/webjars/**", "/favicon.ico", UiApi.PATH + "/**", HAWTIO[0], HAWTIO[1], HAWTIO[2], HAWTIO[3]};
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Bean
    @Order(10)
    SecurityFilterChain pages(HttpSecurity http, ObjectMapper json, PageResources pages) throws Exception {
        RequestMatcher ui = path(UiApi.PATH + "/**");
        RequestMatcher scripts = any(UiApi.PATH + "/**", HAWTIO[2], HAWTIO[3]);  // answered in JSON, never redirected
        RequestMatcher anyPage = path("/**");
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        // after login, back to the page asked for; never to a script's call or an asset
        cache.setRequestMatcher(any("/ops", "/ops/**", "/dashboard", "/dashboard/**", "/actuator/hawtio",
                "/actuator/hawtio/"));
        RequestMatcher hawtio = any(HAWTIO);
        RequestMatcher jolokia = any(HAWTIO[2], HAWTIO[3]);
        AccessDeniedHandler jsonDenied = (req, res, e) -> ApiErrors.write(json, res, HttpStatus.FORBIDDEN,
                e instanceof CsrfException ? "CSRF token missing or invalid: send the XSRF-TOKEN cookie's value"
                        + " as the X-XSRF-TOKEN header" : "your role may not use " + req.getRequestURI(),
                req.getRequestURI());
        AccessDeniedHandler pageDenied = (req, res, e) -> pages.denied(req, res, e instanceof CsrfException);
        AuthenticationEntryPoint jsonLogin = (req, res, e) -> ApiErrors.write(json, res, HttpStatus.UNAUTHORIZED,
                "not logged in (or the session has expired): log in again at /login", req.getRequestURI());

        // plain path patterns (not Spring MVC's matching): Hawtio and Jolokia are not all served by MVC handlers
        http.securityMatcher(any(PAGES))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(any("/login", "/assets/**", "/webjars/**", "/favicon.ico")).permitAll()
                        .requestMatchers(any("/ops", "/ops/**")).hasRole(OPS)
                        .requestMatchers(hawtio).hasRole(OPS)
                        .requestMatchers(any("/dashboard", "/dashboard/**")).hasAnyRole(ANALYST, OPS)
                        .requestMatchers(any(UiApi.PATH + "/me", UiApi.PATH + "/dimensions", UiApi.PATH + "/indicators",
                                UiApi.PATH + "/indicators/**")).hasAnyRole(ANALYST, OPS)
                        .requestMatchers(ui).hasRole(OPS)
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler(new LandingPage()).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .requestCache(c -> c.requestCache(cache))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie()).csrfTokenRequestHandler(new CookieTokenHandler()))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(jsonLogin, scripts)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), anyPage)
                        .defaultAccessDeniedHandlerFor(jsonDenied, scripts)
                        .defaultAccessDeniedHandlerFor(pageDenied, anyPage))
                .headers(h -> h
                        // Hawtio's console sends its own policy (it needs inline styles), which is kept; ours is
                        // for everything else: the hub's pages, and Jolokia's JSON gets the API's. Written as
                        // the response commits, so that it sees whether Hawtio has set one.
                        .addHeaderWriter((req, res) -> {
                            if (!res.containsHeader("Content-Security-Policy")) {
                                res.setHeader("Content-Security-Policy",
                                        jolokia.matches(req) ? SecurityConfiguration.API_CSP : CSP);
                            }
                        })
                        // Jolokia sets "no-cache" itself; the MBeans' values are not to be stored either
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(jolokia,
                                (req, res) -> res.setHeader("Cache-Control", "no-store")))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static RequestMatcher any(String... patterns) {
        return new OrRequestMatcher(java.util.Arrays.stream(patterns).map(PageSecurityConfiguration::path).toList());
    }

    private static CookieCsrfTokenRepository csrfCookie() {
        CookieCsrfTokenRepository repo = CookieCsrfTokenRepository.withHttpOnlyFalse();  // the pages' script reads it
        repo.setCookieCustomizer(c -> c.sameSite("Strict").path("/"));
        return repo;
    }

    /**
     * The token as the cookie holds it, in the header or the form field (no BREACH masking: the token is
     * never in a page's body). Loads it on every request, so the cookie is there before the first POST.
     */
    static final class CookieTokenHandler extends CsrfTokenRequestAttributeHandler {
        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            super.handle(request, response, token);
            token.get();
        }
    }

    /** After login: the page asked for, or ops to the console and analysts to the dashboard. */
    static final class LandingPage extends SavedRequestAwareAuthenticationSuccessHandler {
        @Override
        protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
                Authentication authentication) {
            return PageController.home(authentication);
        }
    }
}
