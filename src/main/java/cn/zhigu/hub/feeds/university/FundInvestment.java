package cn.zhigu.hub.feeds.university;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One 珞珈创新天使基金 investment (F1b), normalised; amount in 元. */
public record FundInvestment(String investmentId, String fund, String investeeCode, String investeeName,
        BigDecimal amount, LocalDate investedOn, Instant updatedAt) {}
