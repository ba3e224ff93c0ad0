-- The stuck-scan sweeper looks for scans still queued after a while; they are few.
CREATE INDEX scans_queued_created_idx ON "scan".scans (created_at) WHERE status = 'queued';
