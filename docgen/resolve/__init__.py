"""Stage 2: resolve who, under which instrument, in which language, with which deadlines."""
