/**
 * The newest migration's name. It lives apart from the registry so that
 * opening an up-to-date database (every command's start) checks it without
 * loading the migrations and the query builder they need; a test keeps it
 * equal to the registry's last key.
 */
export const LATEST_MIGRATION = "0005_add_stale_indexes";
