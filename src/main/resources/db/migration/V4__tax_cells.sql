-- Incremental tax indicators. Written once for HSQLDB and PostgreSQL.

-- The before-image of a tax row, kept by the MERGE that changes it the first time in a batch: what
-- the row contributed before that batch (prior_present false when the batch inserted the row). Only
-- meaningful while batch_id is the batch that wrote it; the batch's recompute takes the old
-- contribution from here instead of re-aggregating whole periods.
ALTER TABLE tax_return ADD COLUMN prior_present BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE tax_return ADD COLUMN prior_street_code CHAR(9);
ALTER TABLE tax_return ADD COLUMN prior_industry_section CHAR(1);
ALTER TABLE tax_return ADD COLUMN prior_revenue DECIMAL(20,2);
ALTER TABLE tax_return ADD COLUMN prior_tax_paid DECIMAL(20,2);
ALTER TABLE tax_return ADD COLUMN prior_rd_expense DECIMAL(20,2);
ALTER TABLE tax_return ADD COLUMN prior_high_tech BOOLEAN;

-- The month index served only the old whole-period aggregation; every index costs each written row.
DROP INDEX tax_return_month_idx;

-- The tax measures of every (period, area, industry) that has tax rows, maintained with each batch
-- (a cell no row contributes to is absent). Derived data: a full recompute rebuilds it.
CREATE TABLE tax_cell (
    period       VARCHAR(7)    NOT NULL,
    area         VARCHAR(9)    NOT NULL,
    industry     VARCHAR(3)    NOT NULL,
    revenue      DECIMAL(24,2) NOT NULL,
    tax_paid     DECIMAL(24,2) NOT NULL,
    rd_expense   DECIMAL(24,2) NOT NULL,
    ht_revenue   DECIMAL(24,2) NOT NULL,
    ent          INTEGER       NOT NULL,
    ent_ht       INTEGER       NOT NULL,
    PRIMARY KEY (period, area, industry)
);

-- publish reads back the revisions it has just written, and finds a scoped recompute's values by period
CREATE INDEX indicator_revision_at_idx ON indicator_revision (computed_at);
CREATE INDEX indicator_value_period_idx ON indicator_value (period);
