-- Incremental recompute: the tax rows a batch applied, and the periods a recompute covers.
CREATE INDEX tax_return_batch_idx ON tax_return (batch_id);

CREATE TABLE recompute_scope (
    period  VARCHAR(7) NOT NULL PRIMARY KEY
);
