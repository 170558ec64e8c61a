-- The sheet line each targeting and client row was imported from, so `formsender plan` and
-- error messages can point at the cell an operator has to change.
ALTER TABLE targeting ADD COLUMN sheet_row integer;
ALTER TABLE clients ADD COLUMN sheet_row integer;
