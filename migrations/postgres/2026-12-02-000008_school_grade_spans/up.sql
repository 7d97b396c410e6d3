-- A school's grade span (K = 0 .. 12) decides which student groups exist there, and students
-- get one expected headcount per survey band: expected_young_students (grades 3–5) and
-- expected_students (grades 6–12). Until now one expected_students counted for both bands.
ALTER TABLE schools ADD COLUMN grade_low INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schools ADD COLUMN grade_high INTEGER NOT NULL DEFAULT 12;
ALTER TABLE schools ADD COLUMN expected_young_students INTEGER NOT NULL DEFAULT 0;
-- Elementary: K–5, whose surveyed students are grades 3–5.
UPDATE schools SET grade_low = 0, grade_high = 5,
    expected_young_students = expected_students, expected_students = 0
    WHERE level = 'elementary';
UPDATE schools SET grade_low = 6, grade_high = 8 WHERE level = 'middle';
UPDATE schools SET grade_low = 9, grade_high = 12 WHERE level = 'high';
-- Other: K–12, the one headcount split by the grades of each band (3 of the 10 grades 3–12).
UPDATE schools SET grade_low = 0, grade_high = 12,
    expected_young_students = (expected_students * 3) / 10,
    expected_students = expected_students - (expected_students * 3) / 10
    WHERE level NOT IN ('elementary', 'middle', 'high');
