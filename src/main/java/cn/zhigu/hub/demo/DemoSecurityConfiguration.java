package cn.zhigu.hub.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The stand-ins under {@code /demo/**} check their own credentials (the agencies' token and Basic user),
 * so the hub's users and roles do not apply there: this chain, ahead of the hub's, lets every request
 * through to them, without sessions, CSRF or the hub's Basic auth. Everything else keeps the hub's chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.demo.enabled", havingValue = "true")
public class DemoSecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain demoStandIns(HttpSecurity http) throws Exception {
        http.securityMatcher("/demo/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .headers(h -> cn.zhigu.hub.api.SecurityConfiguration.headers(h, cn.zhigu.hub.api.SecurityConfiguration.API_CSP));
        return http.build();
    }
}
