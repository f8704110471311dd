package cn.zhigu.hub.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2021-03-05                | 2021-03-05",
            "2021-3-5                  | 2021-03-05",
            "2021/3/5                  | 2021-03-05",
            "2021/03/05                | 2021-03-05",
            "2021.3.5                  | 2021-03-05",
            "20210305                  | 2021-03-05",
            "2021年3月5日              | 2021-03-05",
            "2021年03月05日            | 2021-03-05",
            "2021 年 3 月 5 日         | 2021-03-05",
            "2021年3月5号              | 2021-03-05",
            "２０２１年３月５日        | 2021-03-05",
            "２０２１－０３－０５      | 2021-03-05",
            "'\u30002021-03-05\u3000'  | 2021-03-05",
            "2020-02-29                | 2020-02-29",
            "1949-01-01                | 1949-01-01",
            "2099-12-31                | 2099-12-31",
            // time stamps: the date in Asia/Shanghai
            "2021-03-05T10:00:00+08:00 | 2021-03-05",
            "2021-03-05T10:00:00       | 2021-03-05",
            "2021-03-05 00:00:00       | 2021-03-05",
            "2021-03-04T16:00:00Z      | 2021-03-05",
            "2021-03-05T00:00:00Z      | 2021-03-05",
            "2021-03-05t10:00:00       | 2021-03-05",
    })
    void date(String raw, LocalDate expected) {
        assertThat(Dates.date(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2021-02-30          | date '2021-02-30' is not a calendar date",
            "2019-02-29          | date '2019-02-29' is not a calendar date",
            "2021-13-01          | date '2021-13-01' is not a calendar date",
            "2021-00-10          | date '2021-00-10' is not a calendar date",
            "2021/4/31           | date '2021/4/31' is not a calendar date",
            "20211301            | date '20211301' is not a calendar date",
            "2021年2月30日       | date '2021年2月30日' is not a calendar date",
            "1948-12-31          | date out of range: '1948-12-31'",
            "2100-01-01          | date out of range: '2100-01-01'",
            "19000101            | date out of range: '19000101'",
            "0021年3月5日        | date out of range: '0021年3月5日'",
            "21-3-5              | date '21-3-5' is not in a recognised form",
            "2021/03-05          | date '2021/03-05' is not in a recognised form",
            "2021-03             | date '2021-03' is not in a recognised form",
            "202103              | date '202103' is not in a recognised form",
            "2021年3月           | date '2021年3月' is not in a recognised form",
            "05/03/2021          | date '05/03/2021' is not in a recognised form",
            "March 5, 2021       | date 'March 5, 2021' is not in a recognised form",
            "2021-003-05         | date '2021-003-05' is not in a recognised form",
            "2021-03-05T25:00:00 | time stamp '2021-03-05T25:00:00' is not a valid date and time",
    })
    void dateRejected(String raw, String reason) {
        assertThatThrownBy(() -> Dates.date(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "202103      | 2021-03",
            "2021-03     | 2021-03",
            "2021-3      | 2021-03",
            "2021/03     | 2021-03",
            "2021/3      | 2021-03",
            "2021.03     | 2021-03",
            "2021年3月   | 2021-03",
            "2021年03月  | 2021-03",
            "2021 年 3 月| 2021-03",
            "２０２１年３月 | 2021-03",
            "２０２１０３ | 2021-03",
            "' 202112 '  | 2021-12",
            "194901      | 1949-01",
            "209912      | 2099-12",
    })
    void month(String raw, YearMonth expected) {
        assertThat(Dates.month(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "202113      | month '202113': there is no month 13",
            "2021-13     | month '2021-13': there is no month 13",
            "202100      | month '202100': there is no month 0",
            "2021年0月   | month '2021年0月': there is no month 0",
            "194812      | date out of range: '194812'",
            "2100-01     | date out of range: '2100-01'",
            "21-03       | month '21-03' is not in a recognised form",
            "2021-03-05  | month '2021-03-05' is not in a recognised form",
            "20210305    | month '20210305' is not in a recognised form",
            "2021        | month '2021' is not in a recognised form",
            "2021-003    | month '2021-003' is not in a recognised form",
            "Mar 2021    | month 'Mar 2021' is not in a recognised form",
    })
    void monthRejected(String raw, String reason) {
        assertThatThrownBy(() -> Dates.month(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2021-01-05T09:00:00+08:00     | 2021-01-05T01:00:00Z",
            "2021-01-05T01:00:00Z          | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00:00           | 2021-01-05T01:00:00Z",
            "2021-01-05 09:00:00           | 2021-01-05T01:00:00Z",
            "2021-01-05 09:00:00+08:00     | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00:00 +08:00    | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00:00+0800      | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00:00+08        | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00              | 2021-01-05T01:00:00Z",
            "2021-01-05T09:00:00.123+08:00 | 2021-01-05T01:00:00.123Z",
            "2021-01-05T09:00:00.123456789 | 2021-01-05T01:00:00.123456789Z",
            "2021-01-04T20:00:00-05:00     | 2021-01-05T01:00:00Z",
            "2021-01-05t01:00:00z          | 2021-01-05T01:00:00Z",
            "２０２１－０１－０５Ｔ０９：００：００ | 2021-01-05T01:00:00Z",
            // China observed daylight saving time 1986-1991: local summer time was UTC+9
            "1990-07-01T09:00:00           | 1990-07-01T00:00:00Z",
    })
    void instant(String raw, Instant expected) {
        assertThat(Dates.instant(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2021-01-05                | time stamp '2021-01-05' is not ISO-8601",
            "20210105090000            | time stamp '20210105090000' is not ISO-8601",
            "1609808400000             | time stamp '1609808400000' is not ISO-8601",
            "2021/01/05 09:00:00       | time stamp '2021/01/05 09:00:00' is not ISO-8601",
            "2021-01-05T9:00:00        | time stamp '2021-01-05T9:00:00' is not ISO-8601",
            "2021-01-05  09:00:00      | time stamp '2021-01-05  09:00:00' is not ISO-8601",
            "2021-01-05T09:00:00 CST   | time stamp '2021-01-05T09:00:00 CST' is not ISO-8601",
            "2021-02-30T09:00:00+08:00 | time stamp '2021-02-30T09:00:00+08:00' is not a valid date and time",
            "2021-01-05T24:00:00       | time stamp '2021-01-05T24:00:00' is not a valid date and time",
            "2021-01-05T09:60:00       | time stamp '2021-01-05T09:60:00' is not a valid date and time",
            "2021-01-05T09:00:00+19:00 | time stamp '2021-01-05T09:00:00+19:00' has an invalid offset +19:00",
            "1948-12-31T23:59:59+08:00 | date out of range: '1948-12-31T23:59:59+08:00'",
            "2099-12-31T20:00:00Z      | date out of range: '2099-12-31T20:00:00Z'",
    })
    void instantRejected(String raw, String reason) {
        assertThatThrownBy(() -> Dates.instant(raw))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u3000", "\uFEFF"})
    void missing(String raw) {
        assertThatThrownBy(() -> Dates.date(raw)).isInstanceOf(InvalidValueException.class).hasMessage("date is missing");
        assertThatThrownBy(() -> Dates.month(raw)).isInstanceOf(InvalidValueException.class).hasMessage("date is missing");
        assertThatThrownBy(() -> Dates.instant(raw)).isInstanceOf(InvalidValueException.class).hasMessage("date is missing");
    }
}
