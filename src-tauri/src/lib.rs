//! Quarry's desktop shell. Each module under `commands` is one command area and only adapts a
//! crate's API to Tauri: argument plumbing, running blocking work off the UI thread, error mapping.

mod commands;
mod error;
mod jobs;
mod menu;
mod paths;
mod session;
mod sync;

use std::sync::Arc;

use tauri::Manager;
use tauri_plugin_log::{Target, TargetKind};

use crate::commands::auth::AuthState;
use crate::jobs::Jobs;
use crate::session::Session;
use crate::sync::SyncState;

/// Builds and runs the app until its last window closes.
pub fn run() {
    let paths = paths::AppPaths::resolve();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .clear_targets()
                .targets([
                    Target::new(TargetKind::Stderr),
                    Target::new(TargetKind::Folder {
                        path: paths.log_dir.clone(),
                        file_name: Some("quarry".into()),
                    }),
                ])
                .level(log_level())
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            // English until the UI's first effect sets its language (`set_menu_language`).
            // Adding the bar later would resize the window's content under the first layout.
            let menu = menu::build(app, menu::Language::English)?;
            app.set_menu(menu)?;
            app.on_menu_event(|app, event| menu::forward(app, event.id().as_ref()));
            Ok(())
        })
        .manage(Arc::new(AuthState::new(&paths)))
        .manage(Arc::new(SyncState::new(paths.config_dir.clone())))
        .manage(Arc::new(Session::new(paths)))
        .manage(Arc::new(Jobs::default()))
        .invoke_handler(tauri::generate_handler![
            commands::workspace::workspace_info,
            commands::workspace::list_tables,
            commands::workspace::choose_workspace,
            commands::workspace::reveal_workspace,
            commands::workspace::engine_status,
            commands::settings::engine_settings,
            commands::settings::set_engine_settings,
            menu::set_menu_language,
            commands::sources::list_datasets,
            commands::sources::profile_dataset,
            commands::sources::choose_import_file,
            commands::query::run_query,
            commands::query::explain_query,
            commands::query::sql_completions,
            commands::notebook::query_history,
            commands::notebook::saved_queries,
            commands::notebook::save_query,
            commands::notebook::delete_saved_query,
            commands::files::choose_save_path,
            commands::files::show_in_folder,
            commands::export::export_query,
            commands::charts::chart_preview,
            commands::charts::draft_block,
            commands::reports::list_reports,
            commands::reports::create_report,
            commands::reports::open_report,
            commands::reports::save_report,
            commands::reports::report_grid,
            commands::reports::report_parameters,
            commands::reports::preview_report,
            commands::reports::export_report,
            commands::import::import_source,
            commands::import::cancel_job,
            commands::auth::list_accounts,
            commands::auth::sign_in,
            commands::auth::cancel_sign_in,
            commands::auth::switch_account,
            commands::auth::sign_out,
            commands::sync::sync_overview,
            commands::sync::set_hub_url,
            commands::sync::hub_workspaces,
            commands::sync::create_hub_workspace,
            commands::sync::connect_hub_workspace,
            commands::sync::sync_now,
            commands::sync::share_report,
            commands::sync::sync_conflicts,
            commands::sync::resolve_conflict,
            commands::sync::report_comments,
            commands::sync::add_report_comment,
            commands::sync::report_versions,
            commands::sync::restore_report_version,
            commands::sync::share_dataset,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Quarry could not start: {error}");
        std::process::exit(1);
    }
}

/// `QUARRY_LOG=debug` (or trace, warn, …) raises or lowers the log level; info by default.
fn log_level() -> tauri_plugin_log::log::LevelFilter {
    std::env::var("QUARRY_LOG")
        .ok()
        .and_then(|level| level.parse().ok())
        .unwrap_or(tauri_plugin_log::log::LevelFilter::Info)
}
