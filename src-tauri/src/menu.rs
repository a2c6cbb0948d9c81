//! The native menu. Items that act on the UI are sent to it as the `menu` event with the
//! item's id (see `MenuAction` in `ui/src/api.ts`); quitting and editing are the system's own.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, AppHandle, Emitter, Runtime};

/// Items as (id, label, accelerator).
const FILE: &[(&str, &str, Option<&str>)] = &[
    ("new-report", "New Report…", Some("CmdOrCtrl+N")),
    ("open-workspace", "Open Workspace…", Some("CmdOrCtrl+O")),
    ("import-file", "Import Data…", Some("CmdOrCtrl+I")),
    ("export", "Export…", Some("CmdOrCtrl+E")),
];
const QUERY: &[(&str, &str, Option<&str>)] = &[("run-query", "Run", Some("CmdOrCtrl+Enter"))];
const VIEW: &[(&str, &str, Option<&str>)] = &[
    ("theme-light", "Light Theme", None),
    ("theme-dark", "Dark Theme", None),
    ("theme-system", "System Theme", None),
    ("language-en", "English", None),
    ("language-de", "Deutsch", None),
];

/// Builds the menu bar.
pub fn build<R: Runtime>(app: &App<R>) -> tauri::Result<Menu<R>> {
    let items = |title: &str, entries: &[(&str, &str, Option<&str>)]| {
        let mut menu = SubmenuBuilder::new(app, title);
        for (id, label, accelerator) in entries {
            let mut item = MenuItemBuilder::with_id(*id, *label);
            if let Some(keys) = accelerator {
                item = item.accelerator(*keys);
            }
            menu = menu.item(&item.build(app)?);
        }
        Ok::<_, tauri::Error>(menu)
    };
    let file = items("File", FILE)?.separator().quit().build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let query = items("Query", QUERY)?.build()?;
    let view = items("View", VIEW)?.build()?;
    MenuBuilder::new(app)
        .items(&[&file, &edit, &query, &view])
        .build()
}

/// Forwards a click on one of Quarry's items to the UI.
pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let ours = FILE
        .iter()
        .chain(QUERY)
        .chain(VIEW)
        .any(|(item, _, _)| *item == id);
    if ours && let Err(error) = app.emit("menu", id) {
        tracing::warn!(%error, id, "could not send a menu action to the window");
    }
}
