select import_id, format, file_name, imported_at, as_of, rows_read, rows_loaded, rows_rejected, status
from imports
order by import_id
