package cn.zhigu.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedPasswordsTest {

    /** Real BCrypt, counting how often the slow check runs. */
    static final class Counting implements PasswordEncoder {
        final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    }

    @Test
    void aRightPasswordPaysBcryptOnceAWrongOneEveryTime() {
        Counting bcrypt = new Counting();
        VerifiedPasswords passwords = new VerifiedPasswords(bcrypt, Duration.ofMinutes(5), 100);
        String hash = passwords.encode("s3cret-Pa55");
        assertThat(hash).startsWith("$2").doesNotContain("s3cret");

        for (int i = 0; i < 20; i++) {
            assertThat(passwords.matches("s3cret-Pa55", hash)).isTrue();
        }
        assertThat(bcrypt.checks).hasValue(1);

        for (int i = 0; i < 3; i++) {
            assertThat(passwords.matches("s3cret-Pa56", hash)).isFalse();
        }
        assertThat(bcrypt.checks).as("every wrong guess pays the full check").hasValue(4);
    }

    @Test
    void fiftyClientsArrivingAtOnceWithTheSamePasswordPayBcryptOnce() throws Exception {
        Counting bcrypt = new Counting();
        VerifiedPasswords passwords = new VerifiedPasswords(bcrypt, Duration.ofMinutes(5), 100);
        String hash = passwords.encode("s3cret-Pa55");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(50);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return passwords.matches("s3cret-Pa55", hash);
                }));
            }
            start.countDown();
            for (var a : answers) {
                assertThat(a.get()).isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(bcrypt.checks).as("one check for all fifty").hasValue(1);
    }

    @Test
    void aRememberedPasswordOpensOnlyTheHashItWasCheckedAgainst() {
        Counting bcrypt = new Counting();
        VerifiedPasswords passwords = new VerifiedPasswords(bcrypt, Duration.ofMinutes(5), 100);
        String opsHash = passwords.encode("same-password");
        String otherHash = passwords.encode("another-password");
        assertThat(passwords.matches("same-password", opsHash)).isTrue();
        assertThat(passwords.matches("same-password", otherHash)).isFalse();
    }

    @Test
    void aRememberedPasswordIsCheckedAgainAfterItsTime() {
        Counting bcrypt = new Counting();
        VerifiedPasswords passwords = new VerifiedPasswords(bcrypt, Duration.ofMillis(200), 100);
        String hash = passwords.encode("pw-for-a-while");
        assertThat(passwords.matches("pw-for-a-while", hash)).isTrue();
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(250)).until(() -> {
            passwords.matches("pw-for-a-while", hash);
            return bcrypt.checks.get() >= 2;
        });
    }
}
