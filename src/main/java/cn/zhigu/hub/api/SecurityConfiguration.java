package cn.zhigu.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may do what. Two built-in users: {@code ops} (roles OPS and ANALYST) and {@code analyst}
 * (ANALYST). Their passwords come from HUB_OPS_PASSWORD / HUB_ANALYST_PASSWORD; when unset, a random
 * one is generated at start and logged once. Passwords are kept only as hashes.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    public static final String OPS = "OPS";
    public static final String ANALYST = "ANALYST";

    /** BCrypt (as {bcrypt}), with recently verified passwords remembered for five minutes (see {@link VerifiedPasswords}). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new VerifiedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(), Duration.ofMinutes(5), 1000);
    }

    @Bean
    UserDetailsService users(Environment env, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(
                User.withUsername("ops").password(encoder.encode(password(env, "ops", "HUB_OPS_PASSWORD")))
                        .roles(OPS, ANALYST).build(),
                User.withUsername("analyst").password(encoder.encode(password(env, "analyst", "HUB_ANALYST_PASSWORD")))
                        .roles(ANALYST).build());
    }

    private static String password(Environment env, String user, String variable) {
        String given = env.getProperty(variable);
        if (given != null && !given.isBlank()) {
            return given;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        log.warn("{} is not set: generated password for user '{}': {}", variable, user, generated);
        return generated;
    }

    /** The policy of everything that is not a page: JSON, CSV and metrics load nothing and are framed by nobody. */
    public static final String API_CSP = "default-src 'none'; object-src 'none'; frame-ancestors 'none'";

    /**
     * The headers every chain sends besides Spring Security's defaults (X-Content-Type-Options nosniff,
     * X-Frame-Options DENY, Cache-Control no-store, HSTS on HTTPS requests only): a Content-Security-Policy,
     * Referrer-Policy same-origin and a Permissions-Policy that turns off what the hub never uses.
     */
    public static void headers(HeadersConfigurer<HttpSecurity> h, String csp) {
        h.contentSecurityPolicy(c -> c.policyDirectives(csp))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()"));
    }

    /** A URL the firewall refuses (a ';', an encoded '/', '\\' or '.', a NUL): 400 with the hub's JSON. */
    @Bean
    RequestRejectedHandler requestRejected(ObjectMapper json) {
        return (req, res, e) -> ApiErrors.write(json, res, HttpStatus.BAD_REQUEST, "the request was refused: its URL"
                + " holds a character the hub does not take (';', an encoded '/', '\\' or '.', or a control character)",
                null);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(OPS)
                        // an endpoint not exposed (or exposed later by mistake) is ops-only too
                        .requestMatchers("/actuator", "/actuator/**").hasRole(OPS)
                        .requestMatchers("/api/indicators", "/api/indicators/**").hasAnyRole(ANALYST, OPS)
                        .requestMatchers("/api/**").hasRole(OPS)
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, e) -> {
                    res.setHeader("WWW-Authenticate", "Basic realm=\"zhigu-hub\"");
                    ApiErrors.write(json, res, HttpStatus.UNAUTHORIZED,
                            "authentication required: HTTP Basic as user ops or analyst", req.getRequestURI());
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((req, res, e) -> ApiErrors.write(json, res,
                        HttpStatus.FORBIDDEN, "your role may not use " + req.getRequestURI(), req.getRequestURI())))
                .headers(h -> headers(h, API_CSP))
                // The API is stateless: Basic on every call, no session, so no CSRF token is needed.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
