//! An empty Tauri app with Quarry's window size and the same Tauri build: what Quarry's first
//! paint is measured against.

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the baseline app could not start: {error}");
        std::process::exit(1);
    }
}
