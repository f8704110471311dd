package cn.zhigu.hub.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers, for a few minutes, the passwords it has just verified, so that a
 * script calling the stateless Basic API many times a second pays the deliberately slow BCrypt check
 * once, not on every call. Only successes are remembered, and only as an HMAC under a key made up at
 * start (never the password itself); a wrong password always pays the full BCrypt cost, so guessing
 * stays as slow as before. Encoding is the delegate's.
 */
final class VerifiedPasswords implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Cache<String, Boolean> verified;
    private final byte[] key = new byte[32];

    VerifiedPasswords(PasswordEncoder delegate, Duration remember, int maxEntries) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().expireAfterWrite(remember).maximumSize(maxEntries).build();
        new SecureRandom().nextBytes(key);
    }

    @Override
    public String encode(CharSequence raw) {
        return delegate.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return delegate.matches(raw, encoded);
        }
        // callers with the same password at the same moment (a client opening 50 connections) wait for one
        // check instead of each paying BCrypt; a failed check is not stored (null), so the next try pays again
        return verified.get(mark(raw, encoded), k -> delegate.matches(raw, encoded) ? Boolean.TRUE : null) != null;
    }

    @Override
    public boolean upgradeEncoding(String encoded) {
        return delegate.upgradeEncoding(encoded);
    }

    private String mark(CharSequence raw, String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(encoded.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(raw.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
