package cn.zhigu.hub.feeds;

import cn.zhigu.hub.store.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What F1a and F2 share: one canonical table keyed by (source, contract number), where a record
 * replaces the stored one only when its own time stamp is later (an older one arriving late is ignored).
 */
public abstract class TransferContracts implements Dataset<TransferContract> {

    @Override
    public String upsertSql() {
        return """
                MERGE INTO tt_contract t
                USING (VALUES (CAST(? AS VARCHAR(4)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(500)),
                               CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(8)), CAST(? AS VARCHAR(18)),
                               CAST(? AS VARCHAR(200)), CAST(? AS DECIMAL(20,2)), CAST(? AS DATE),
                               CAST(? AS VARCHAR(16)), CAST(? AS BOOLEAN), CAST(? AS TIMESTAMP WITH TIME ZONE),
                               CAST(? AS BIGINT)))
                   AS s (source, contract_no, title, kind, institute, licensee_code, licensee_name, amount,
                         signed_on, status, counted, updated_at, batch_id)
                ON (t.source = s.source AND t.contract_no = s.contract_no)
                WHEN MATCHED AND s.updated_at > t.updated_at THEN UPDATE SET title = s.title, kind = s.kind,
                     institute = s.institute, licensee_code = s.licensee_code, licensee_name = s.licensee_name,
                     amount = s.amount, signed_on = s.signed_on, status = s.status, counted = s.counted,
                     updated_at = s.updated_at, batch_id = s.batch_id
                WHEN NOT MATCHED THEN INSERT (source, contract_no, title, kind, institute, licensee_code,
                     licensee_name, amount, signed_on, status, counted, updated_at, batch_id)
                  VALUES (s.source, s.contract_no, s.title, s.kind, s.institute, s.licensee_code, s.licensee_name,
                     s.amount, s.signed_on, s.status, s.counted, s.updated_at, s.batch_id)
                """;
    }

    @Override
    public void bind(PreparedStatement ps, TransferContract c, long batchId) throws SQLException {
        ps.setString(1, c.source());
        ps.setString(2, c.contractNo());
        ps.setString(3, c.title());
        ps.setString(4, c.kind());
        ps.setString(5, c.institute());
        ps.setString(6, c.licenseeCode());
        ps.setString(7, c.licenseeName());
        ps.setBigDecimal(8, c.amount());
        ps.setDate(9, Sql.date(c.signedOn()));
        ps.setString(10, c.status());
        ps.setBoolean(11, c.counted());
        ps.setObject(12, Sql.timestamp(c.updatedAt()));
        ps.setLong(13, batchId);
    }
}
