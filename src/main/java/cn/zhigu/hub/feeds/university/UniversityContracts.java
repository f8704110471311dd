package cn.zhigu.hub.feeds.university;

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
import java.math.BigDecimal;

/** F1a 成果转化合同 of 武汉大学: key contractNo, a later updatedAt replaces, CANCELLED counts nowhere. */
public class UniversityContracts extends TransferContracts {

    @Override
    public String name() {
        return "university-contracts";
    }

    @Override
    public TransferContract map(RawRecord r) {
        String contractNo = text(r, "contractNo", 64);
        if (contractNo == null) {
            throw new InvalidValueException("contractNo is missing");
        }
        String status = optional(r, "status", CodeLists::contractStatus);
        status = status == null ? "SIGNED" : status;
        BigDecimal amount = required(r, "amount", v -> UniversityAmounts.parse(v, r.get("amountUnit")));
        return new TransferContract("WHU", contractNo,
                text(r, "title", 500),
                optional(r, "kind", CodeLists::contractKind),
                null,
                required(r, "licenseeCreditCode", CreditCode::normalise),
                text(r, "licenseeName", 200),
                notNegative("amount", amount, BigDecimal.ZERO),
                required(r, "signedOn", Dates::date),
                status,
                !"CANCELLED".equals(status),
                required(r, "updatedAt", Dates::instant));
    }
}
