package cn.zhigu.hub.feeds.cas;

import static cn.zhigu.hub.feeds.Fields.notNegative;
import static cn.zhigu.hub.feeds.Fields.optional;
import static cn.zhigu.hub.feeds.Fields.required;
import static cn.zhigu.hub.feeds.Fields.text;

import cn.zhigu.hub.feeds.RawRecord;
import cn.zhigu.hub.feeds.TransferContract;
import cn.zhigu.hub.feeds.TransferContracts;
import cn.zhigu.hub.normalise.CodeLists;
import cn.zhigu.hub.normalise.CreditCode;
import cn.zhigu.hub.normalise.Dates;
import cn.zhigu.hub.normalise.InvalidValueException;
import cn.zhigu.hub.normalise.Money;
import cn.zhigu.hub.normalise.MoneyUnit;
import java.math.BigDecimal;

/** F2 transfer projects of 中科院武汉分院: key id, a later {@code updated} replaces, withdrawn counts nowhere. */
public class CasTransfers extends TransferContracts {

    @Override
    public String name() {
        return "cas-transfers";
    }

    @Override
    public TransferContract map(RawRecord r) {
        String id = text(r, "id", 64);
        if (id == null) {
            throw new InvalidValueException("id is missing");
        }
        String status = optional(r, "status", CodeLists::casStatus);
        status = status == null ? "ACTIVE" : status;
        BigDecimal amount = required(r, "amount", v -> Money.parse(v, r.get("amount.unit"), MoneyUnit.YUAN));
        return new TransferContract("CAS", id,
                text(r, "title", 500),
                optional(r, "type", CodeLists::contractKind),
                required(r, "institute", CodeLists::institute),
                required(r, "partner.creditCode", CreditCode::normalise),
                text(r, "partner.name", 200),
                notNegative("amount", amount, BigDecimal.ZERO),
                required(r, "signed", Dates::date),
                status,
                !"WITHDRAWN".equals(status),
                required(r, "updated", Dates::instant));
    }
}
