package dev.deephavencdi.it.differential;

/**
 * The differential suite's one list of scenarios. Each runs through the official Java client
 * ({@link OfficialClientScenarios}) and through pydeephaven ({@code python/differential/pydeephaven_scenarios.py},
 * a method of the same name), against the embedded and the real server. Names are snake_case so both sides
 * share them.
 */
@SuppressWarnings("checkstyle:ConstantName") // shared with Python method names
enum Scenario {
    // table operations
    empty_table_update,
    column_types,
    where_filter,
    sort_descending,
    head_tail,
    view_drop,
    natural_join,
    count_by,
    merge_tables,
    // publish / fetch / release orders
    publish_then_fetch,
    fetch_unknown_ticket,
    duplicate_publish,
    fetch_after_publisher_releases,
    fetch_after_publisher_session_closes,
    republish_after_release,
    fetched_table_after_publisher_closes,
    derived_from_fetched_survives_publisher,
    generic_publish_fetch,
    // bad input
    malformed_ticket,
    empty_shared_id,
    bad_formula,
    java_method_in_formula,
    unknown_column,
    released_table_used,
    closed_session_used,
    wrong_credentials,
    // live
    ticking_subscription
}
