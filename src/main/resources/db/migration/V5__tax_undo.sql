-- Big tax files commit in chunks. Written once for HSQLDB and PostgreSQL.

-- The rest of a tax row's before-image (with V4's prior_*): everything the MERGE overwrites, so that a
-- batch which committed some chunks and then did not finish (a crash, a reject of the whole file, a
-- file that changed while read) is undone row by row from its own rows: a row it inserted
-- (prior_present false) is deleted, a row it changed gets its before-image back.
ALTER TABLE tax_return ADD COLUMN prior_taxpayer_name VARCHAR(200);
ALTER TABLE tax_return ADD COLUMN prior_industry_code VARCHAR(8);
ALTER TABLE tax_return ADD COLUMN prior_source_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tax_return ADD COLUMN prior_batch_id BIGINT;

-- A batch's recompute finds the periods a year after the ones it changed (their growth rates move).
CREATE INDEX period_dim_year_before_idx ON period_dim (year_before);
