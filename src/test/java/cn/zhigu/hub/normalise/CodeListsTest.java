package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodeListsTest {

    @ParameterizedTest
    @CsvSource({
            "LICENSE, LICENSE", "license, LICENSE", "许可, LICENSE",
            "ASSIGNMENT, ASSIGNMENT", "Assignment, ASSIGNMENT", "转让, ASSIGNMENT",
            "SERVICE, SERVICE", "service, SERVICE", "技术服务, SERVICE",
            "EQUITY, EQUITY", "equity, EQUITY", "作价入股, EQUITY", "' 作价入股\u3000', EQUITY",
    })
    void contractKind(String raw, String expected) {
        assertThat(CodeLists.contractKind(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"SIGNED, SIGNED", "signed, SIGNED", "AMENDED, AMENDED", "Amended, AMENDED",
            "CANCELLED, CANCELLED", "cancelled, CANCELLED", "ＳＩＧＮＥＤ, SIGNED"})
    void contractStatus(String raw, String expected) {
        assertThat(CodeLists.contractStatus(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"active, ACTIVE", "ACTIVE, ACTIVE", "Active, ACTIVE", "withdrawn, WITHDRAWN",
            "WITHDRAWN, WITHDRAWN"})
    void casStatus(String raw, String expected) {
        assertThat(CodeLists.casStatus(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "APM, APM, 精密测量院", "apm, APM, 精密测量院",
            "WIV, WIV, 武汉病毒所", "wiv, WIV, 武汉病毒所",
            "WBG, WBG, 武汉植物园", "Wbg, WBG, 武汉植物园",
            "IRSM, IRSM, 岩土所", "irsm, IRSM, 岩土所",
            "IHB, IHB, 水生所", "ihb, IHB, 水生所", "' ＩＨＢ ', IHB, 水生所",
    })
    void institute(String raw, String code, String name) {
        assertThat(CodeLists.institute(raw)).isEqualTo(code);
        assertThat(CodeLists.instituteName(raw)).isEqualTo(name);
        assertThat(CodeLists.instituteName(code)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({"科技型", "高新技术", "瞪羚", "独角兽", "其他"})
    void enterpriseType(String raw) {
        assertThat(CodeLists.enterpriseType(raw)).isEqualTo(raw);
        assertThat(CodeLists.enterpriseType(" " + raw + "\u3000")).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource({
            "国家级, NATIONAL, true", "省级, PROVINCIAL, true", "市级, MUNICIPAL, false", "区级, DISTRICT, false",
            "NATIONAL, NATIONAL, true", "provincial, PROVINCIAL, true", "MUNICIPAL, MUNICIPAL, false",
            "District, DISTRICT, false",
    })
    void carrierLevel(String raw, String expected, boolean provincialOrAbove) {
        assertThat(CodeLists.carrierLevel(raw)).isEqualTo(expected);
        assertThat(CodeLists.provincialOrAbove(raw)).isEqualTo(provincialOrAbove);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                reject("contract kind", CodeLists::contractKind, "LEASE", "LICENSE, ASSIGNMENT, SERVICE, EQUITY, 许可"),
                reject("contract kind", CodeLists::contractKind, "技术开发", "技术服务"),
                reject("contract kind", CodeLists::contractKind, "许可证", "许可"),
                reject("contract status", CodeLists::contractStatus, "CANCELED", "SIGNED, AMENDED, CANCELLED"),
                reject("contract status", CodeLists::contractStatus, "已签订", "SIGNED, AMENDED, CANCELLED"),
                reject("CAS status", CodeLists::casStatus, "inactive", "active, withdrawn"),
                reject("CAS status", CodeLists::casStatus, "SIGNED", "active, withdrawn"),
                reject("institute", CodeLists::institute, "IOP", "APM, WIV, WBG, IRSM, IHB"),
                reject("institute", CodeLists::institute, "精密测量院", "APM, WIV, WBG, IRSM, IHB"),
                reject("institute", CodeLists::instituteName, "WHU", "APM, WIV, WBG, IRSM, IHB"),
                reject("enterprise type", CodeLists::enterpriseType, "高新技术企业", "科技型, 高新技术, 瞪羚, 独角兽, 其他"),
                reject("enterprise type", CodeLists::enterpriseType, "瞪羚企业", "瞪羚"),
                reject("carrier level", CodeLists::carrierLevel, "国家", "国家级, 省级, 市级, 区级"),
                reject("carrier level", CodeLists::carrierLevel, "县级", "国家级, 省级, 市级, 区级"),
                reject("carrier level", c -> String.valueOf(CodeLists.provincialOrAbove(c)), "部级", "国家级"));
    }

    private static Arguments reject(String kind, Function<String, String> f, String raw, String allowed) {
        return Arguments.of(kind, f, raw, allowed);
    }

    @ParameterizedTest(name = "[{index}] {0} \"{2}\"")
    @MethodSource
    void rejected(String kind, Function<String, String> f, String raw, String allowed) {
        assertThatThrownBy(() -> f.apply(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(kind + " '" + raw + "' is unknown; allowed: ")
                .hasMessageContaining(allowed);
    }

    static Stream<Arguments> missing() {
        return Stream.of(
                Arguments.of("contract kind", (Function<String, String>) CodeLists::contractKind),
                Arguments.of("contract status", (Function<String, String>) CodeLists::contractStatus),
                Arguments.of("CAS status", (Function<String, String>) CodeLists::casStatus),
                Arguments.of("institute", (Function<String, String>) CodeLists::institute),
                Arguments.of("institute", (Function<String, String>) CodeLists::instituteName),
                Arguments.of("enterprise type", (Function<String, String>) CodeLists::enterpriseType),
                Arguments.of("carrier level", (Function<String, String>) CodeLists::carrierLevel));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void missing(String kind, Function<String, String> f) {
        for (String blank : new String[] {null, "", " ", "\u3000"}) {
            assertThatThrownBy(() -> f.apply(blank))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage(kind + " is missing");
        }
    }
}
