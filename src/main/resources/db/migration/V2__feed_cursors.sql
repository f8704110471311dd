-- Where each pulled dataset's last sync ended; committed in the same transaction as the records
-- that moved it, so a restart resumes exactly there.
CREATE TABLE feed_cursor (
    feed        VARCHAR(16)  NOT NULL,
    dataset     VARCHAR(32)  NOT NULL,
    position    VARCHAR(400) NOT NULL,
    batch_id    BIGINT,
    moved_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (feed, dataset)
);
