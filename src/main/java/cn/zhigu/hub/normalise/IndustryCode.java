package cn.zhigu.hub.normalise;

import java.util.Objects;

/**
 * A GB/T 4754-2017 industry code.
 *
 * @param section the section letter A..T, derived from the division
 * @param code    the digits: a 2-digit division, 3-digit group or 4-digit class (e.g. 6513)
 */
public record IndustryCode(char section, String code) {
    public IndustryCode {
        Objects.requireNonNull(code, "code");
    }
}
