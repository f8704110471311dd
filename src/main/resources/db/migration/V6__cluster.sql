-- Cluster mode (docs/cluster.md). Written once for HSQLDB and PostgreSQL.

-- The node that ran each batch (NULL for a hub alone): a node's start marks FAILED only the batches its
-- own earlier life left RUNNING, and the leader those of nodes that have left the cluster, never a
-- running batch of a live peer.
ALTER TABLE batch ADD COLUMN node_id VARCHAR(64);

-- One row whose lock a node holds while it applies a batch (cn.zhigu.hub.store.StoreLock): batches and
-- their indicator recomputes apply one at a time across the nodes. holder: the last node that held it.
CREATE TABLE store_lock (
    id        INTEGER NOT NULL PRIMARY KEY,
    holder    VARCHAR(64),
    taken_at  TIMESTAMP WITH TIME ZONE
);
INSERT INTO store_lock (id) VALUES (1);

-- camel-sql's JDBC idempotent repository (cn.zhigu.hub.cluster.FileReadLocks), with the columns and key
-- its statements use, and room for a feed and a file name of 255 bytes: the inbound files' shared read
-- locks in cluster mode. A row lives while its node works on the file (renewed by it); createdAt with
-- its time zone, so that nodes in different zones compare the same instants.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName  VARCHAR(255)  NOT NULL,
    messageId      VARCHAR(1100) NOT NULL,
    createdAt      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
