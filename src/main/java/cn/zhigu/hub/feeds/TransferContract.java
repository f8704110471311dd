package cn.zhigu.hub.feeds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A technology-transfer contract from the university (F1a, source WHU) or CAS (F2, source CAS),
 * normalised; amount in 元. {@code counted} is false for cancelled or withdrawn ones.
 */
public record TransferContract(String source, String contractNo, String title, String kind, String institute,
        String licenseeCode, String licenseeName, BigDecimal amount, LocalDate signedOn, String status,
        boolean counted, Instant updatedAt) {}
