-- Each payment belongs to the user whose token charged it; a user reads only their own. Payments made before
-- this column existed have no owner and are readable by nobody.
ALTER TABLE payments ADD COLUMN subject VARCHAR(100);
