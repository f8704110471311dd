package cn.zhigu.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.zhigu.hub.HubTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Passwords given in HUB_OPS_PASSWORD / HUB_ANALYST_PASSWORD are kept only as BCrypt hashes. */
class GivenPasswordsTest extends HubTestSupport {

    @Autowired
    UserDetailsService users;
    @Autowired
    PasswordEncoder encoder;

    @Test
    void theUsersHoldOnlyABcryptHashOfTheGivenPassword() {
        for (var user : Map.of("ops", OPS_PASSWORD, "analyst", ANALYST_PASSWORD).entrySet()) {
            String stored = users.loadUserByUsername(user.getKey()).getPassword();
            assertThat(stored).matches("\\{bcrypt}\\$2[aby]\\$1[0-9]\\$[./A-Za-z0-9]{53}").doesNotContain(user.getValue());
            assertThat(encoder.matches(user.getValue(), stored)).isTrue();
        }
    }
}
