select r.import_id, r.file_name, r.row_number, r.column_name, r.raw_value, r.reason
from rejects r
order by r.import_id, r.row_number, r.column_name
