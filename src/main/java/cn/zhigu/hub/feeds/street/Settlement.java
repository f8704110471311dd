package cn.zhigu.hub.feeds.street;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One enterprise of the settlement ledger (F4a), normalised; area in m². */
public record Settlement(String creditCode, String name, String streetCode, String building, BigDecimal areaM2,
        LocalDate settledOn, LocalDate leftOn, String enterpriseType) {}
