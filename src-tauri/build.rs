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
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
