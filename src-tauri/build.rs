//! Generates the permission set for Quarry's own commands, so capabilities can grant them one by one.

const COMMANDS: &[&str] = &[
    "workspace_info",
    "list_tables",
    "run_query",
    "choose_workspace",
    "reveal_workspace",
    "import_source",
    "cancel_job",
    "list_accounts",
    "sign_in",
    "cancel_sign_in",
    "switch_account",
    "sign_out",
    "list_datasets",
    "profile_dataset",
    "choose_import_file",
    "explain_query",
    "sql_completions",
    "query_history",
    "saved_queries",
    "save_query",
    "delete_saved_query",
    "choose_save_path",
    "show_in_folder",
    "export_query",
    "chart_preview",
    "draft_block",
    "list_reports",
    "create_report",
    "open_report",
    "save_report",
    "report_grid",
    "report_parameters",
    "preview_report",
    "export_report",
    "engine_status",
    "engine_settings",
    "set_engine_settings",
    "set_menu_language",
    "sync_overview",
    "set_hub_url",
    "hub_workspaces",
    "create_hub_workspace",
    "connect_hub_workspace",
    "sync_now",
    "share_report",
    "sync_conflicts",
    "resolve_conflict",
    "report_comments",
    "add_report_comment",
    "report_versions",
    "restore_report_version",
    "share_dataset",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
