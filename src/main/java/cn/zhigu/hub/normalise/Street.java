package cn.zhigu.hub.normalise;

import java.util.Objects;

/**
 * One 街道 of the code list.
 *
 * @param code      the 9-digit township code (e.g. 420106013)
 * @param name      the full name (珞珈山街道)
 * @param shortName the short name (珞珈山), or null when the list gives none
 * @param pinyin    the pinyin (Luojiashan), or null when the list gives none
 * @param zhigu     whether the street belongs to the Zhigu zone
 */
public record Street(String code, String name, String shortName, String pinyin, boolean zhigu) {
    public Street {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
    }
}
