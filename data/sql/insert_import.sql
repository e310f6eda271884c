insert into imports (import_id, format, file_name, sha256, stored_path, imported_at, as_of,
                     rows_read, rows_loaded, rows_rejected, status)
values ($import_id, $format, $file_name, $sha256, $stored_path, $imported_at, $as_of,
        $rows_read, $rows_loaded, $rows_rejected, 'loaded')
