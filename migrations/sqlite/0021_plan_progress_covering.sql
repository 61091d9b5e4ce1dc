-- PostgreSQL only (its 0021 adds progress to plan_progress's primary key for index-only reads
-- of a plan's roll-up). Here the table is WITHOUT ROWID: its key already holds every column.
-- This migration is empty so the versions of the two backends stay in step.
SELECT 1;
