-- Who answered an adherence interview (a caregiver taking part in the
-- family's case) and how it was made (by phone or in person). Interviews
-- stored before these were asked keep NULL in both, shown as not recorded:
-- never a guessed caregiver or mode.

ALTER TABLE adherence_interviews ADD COLUMN respondent_id BIGINT REFERENCES persons (id);
ALTER TABLE adherence_interviews ADD COLUMN mode TEXT CHECK (mode IN ('phone', 'in_person'));
