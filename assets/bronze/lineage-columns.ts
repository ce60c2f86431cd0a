import { col } from '../columns.js'

/** Columns every bronze table ends with: when it was ingested, and the file and line it came from. */
export const lineageColumns = {
  ingestion_timestamp: col.timestamptz(),
  _source_file: col.varchar(),
  /** Line number in a JSON Lines file; position in the array (1 = first) in a JSON array file. */
  _source_line: col.integer(),
}

/** Columns of a bronze asset's quarantine table (`data/bronze/_quarantine/<name>/`). */
export const quarantineColumns = {
  source_file: col.varchar(),
  line_number: col.integer(),
  raw_text: col.varchar(),
  reason: col.varchar(),
  ingestion_timestamp: col.timestamptz(),
}
