import { type SqlFragment, sql, type TableRef } from '../../framework/index.js'

/** The end date of the current state of a feature. */
export const OPEN_END = sql`DATE '9999-12-31'`

/**
 * The full SCD Type 2 history the spec defines, rebuilt from every bronze release:
 * - one release per (feature, release_date): two records for the same day cannot both hold, so the
 *   most recently ingested (then the later line) wins;
 * - ordered by release_date, a new state starts where record_hash differs from the previous one;
 * - effective_to = the next state's effective_from, or 9999-12-31 for the current state.
 */
export function featureHistory(releases: TableRef): SqlFragment {
  return sql`
    WITH daily AS (
      SELECT feature_id, feature_name, version, is_enabled, release_date,
             lower(md5(feature_name || '|' || version || '|' || CASE WHEN is_enabled THEN 'true' ELSE 'false' END)) AS record_hash
      FROM ${releases}
      QUALIFY row_number() OVER (
        PARTITION BY feature_id, release_date
        ORDER BY ingestion_timestamp DESC, _source_file DESC, _source_line DESC) = 1
    ),
    changes AS (
      SELECT *, lag(record_hash) OVER (PARTITION BY feature_id ORDER BY release_date) AS previous_hash
      FROM daily
    ),
    states AS (
      SELECT feature_id, feature_name, version, is_enabled, release_date AS effective_from, record_hash
      FROM changes
      WHERE previous_hash IS NULL OR previous_hash <> record_hash
    )
    SELECT feature_id, feature_name, version, is_enabled, effective_from,
           coalesce(lead(effective_from) OVER (PARTITION BY feature_id ORDER BY effective_from), ${OPEN_END}) AS effective_to,
           effective_to = ${OPEN_END} AS is_current,
           record_hash
    FROM states`
}

/**
 * The staged changes that turn `current` into `desired`, keyed by (feature_id, effective_from):
 * 'upsert' for a row that is new or whose columns changed (a closed state, a corrected release),
 * 'delete' for a row no longer in the history (a late release moved a state's start).
 * Empty when the table already holds the history.
 */
export function historyChanges(current: TableRef, desired: SqlFragment): SqlFragment {
  return sql`
    WITH desired AS (${desired}),
    current AS (SELECT * FROM ${current})
    (SELECT 'upsert' AS _action, * FROM (SELECT * FROM desired EXCEPT SELECT * FROM current))
    UNION ALL
    (SELECT 'delete' AS _action, c.*
     FROM current c ANTI JOIN desired d USING (feature_id, effective_from))`
}
