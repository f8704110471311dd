package cn.zhigu.hub.feeds.street;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One incubation carrier (F4b), normalised; level NATIONAL / PROVINCIAL / MUNICIPAL / DISTRICT. */
public record Carrier(String name, String streetCode, String level, BigDecimal areaM2, LocalDate recognisedOn) {}
