package cn.zhigu.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The next run the ops console and /api/feeds show is the one Quartz, the pulls' scheduler, fires. */
class NextRunTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # Quartz's optional seventh field, the year
            0 0 0 1 1 ? 2099   | 2099-01-01T00:00
            0 30 6 15 3 ? 2098 | 2098-03-15T06:30
            # a schedule that never fires again, one that is not a cron, none
            0 0 0 1 1 ? 2020   | -
            every ten minutes  | -
            ''                 | -
            """)
    void nextRunIsQuartzsNextFireTime(String cron, String expected) {
        ZonedDateTime next = FeedController.nextRun(cron);
        assertThat(next == null ? null : next.toLocalDateTime()).isEqualTo(expected == null ? null : LocalDateTime.parse(expected));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0 12 ? * 1     | SUNDAY
            0 0 12 ? * 2     | MONDAY
            0 0 12 ? * 7     | SATURDAY
            0 0 12 ? * MON   | MONDAY
            """)
    void daysOfTheWeekCountFromSundayAsInQuartz(String cron, DayOfWeek day) {
        ZonedDateTime next = FeedController.nextRun(cron);
        assertThat(next.getDayOfWeek()).isEqualTo(day);
        assertThat(next.getHour()).isEqualTo(12);
        assertThat(next).isAfter(ZonedDateTime.now()).isBefore(ZonedDateTime.now().plusDays(8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 0/15 * * * ? | 15
            0 5/15 * * * ? | 15
            0 10 * * * ?   | 60
            """)
    void theShippedSchedulesRunWithinTheirPeriod(String cron, int minutes) {
        assertThat(FeedController.nextRun(cron)).isAfter(ZonedDateTime.now())
                .isBeforeOrEqualTo(ZonedDateTime.now().plusMinutes(minutes));
    }
}
