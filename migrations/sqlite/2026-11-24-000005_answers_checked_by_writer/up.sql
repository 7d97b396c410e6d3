-- PostgreSQL drops the answers' foreign keys other than the one to their response in this
-- migration (see its up.sql). SQLite keeps them: there the checks cost no measurable time
-- (the in-process writer ran as fast with foreign_keys off), and removing a constraint would
-- mean copying the whole answers table. This file keeps both migration lists in step.
SELECT 1;
