package cn.zhigu.hub.store;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC parameter forms that HSQLDB and PostgreSQL both take. */
public final class Sql {
    private Sql() {}

    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
