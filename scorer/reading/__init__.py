"""Reading inputs: files, folders, tables, HTML and stdin become items; decoding; language."""
