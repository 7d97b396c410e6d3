-- One student headcount again: both bands added together.
UPDATE schools SET expected_students = expected_students + expected_young_students;
ALTER TABLE schools DROP COLUMN expected_young_students;
ALTER TABLE schools DROP COLUMN grade_high;
ALTER TABLE schools DROP COLUMN grade_low;
