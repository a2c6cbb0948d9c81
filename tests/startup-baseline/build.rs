//! Embeds the empty app's config and page.

fn main() {
    tauri_build::build();
}
