//! The native menu, in the UI's language. Items that act on the UI are sent to it as the `menu`
//! event with the item's id (see `MenuAction` in `ui/src/api.ts`); quitting and editing are the
//! system's own.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::error::{CommandError, CommandResult};

/// An item: id, English and German label, accelerator.
type Item = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const FILE: &[Item] = &[
    (
        "new-report",
        "New Report…",
        "Neuer Bericht…",
        Some("CmdOrCtrl+N"),
    ),
    (
        "open-workspace",
        "Open Workspace…",
        "Arbeitsbereich öffnen…",
        Some("CmdOrCtrl+O"),
    ),
    (
        "import-file",
        "Import Data…",
        "Daten importieren…",
        Some("CmdOrCtrl+I"),
    ),
    ("export", "Export…", "Exportieren…", Some("CmdOrCtrl+E")),
    (
        "engine-settings",
        "Engine Settings…",
        "Engine-Einstellungen…",
        None,
    ),
];
const QUERY: &[Item] = &[("run-query", "Run", "Ausführen", Some("CmdOrCtrl+Enter"))];
const VIEW: &[Item] = &[
    ("theme-light", "Light Theme", "Helle Darstellung", None),
    ("theme-dark", "Dark Theme", "Dunkle Darstellung", None),
    (
        "theme-system",
        "System Theme",
        "Darstellung des Systems",
        None,
    ),
    ("language-en", "English", "English", None),
    ("language-de", "Deutsch", "Deutsch", None),
];

/// The languages the menu speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    German,
}

impl Language {
    fn pick(self, english: &'static str, german: &'static str) -> &'static str {
        match self {
            Language::English => english,
            Language::German => german,
        }
    }
}

/// Builds the menu bar in `language`.
pub fn build<R: Runtime, M: Manager<R>>(app: &M, language: Language) -> tauri::Result<Menu<R>> {
    let items = |title: &str, entries: &[Item]| {
        let mut menu = SubmenuBuilder::new(app, title);
        for (id, english, german, accelerator) in entries {
            let mut item = MenuItemBuilder::with_id(*id, language.pick(english, german));
            if let Some(keys) = accelerator {
                item = item.accelerator(*keys);
            }
            menu = menu.item(&item.build(app)?);
        }
        Ok::<_, tauri::Error>(menu)
    };
    let file = items(language.pick("File", "Datei"), FILE)?
        .separator()
        .quit()
        .build()?;
    let edit = SubmenuBuilder::new(app, language.pick("Edit", "Bearbeiten"))
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let query = items(language.pick("Query", "Abfrage"), QUERY)?.build()?;
    let view = items(language.pick("View", "Ansicht"), VIEW)?.build()?;
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
        .any(|(item, ..)| *item == id);
    if ours && let Err(error) = app.emit("menu", id) {
        tracing::warn!(%error, id, "could not send a menu action to the window");
    }
}

/// Rebuilds the menu in the UI's language (`en` or `de`).
#[tauri::command]
pub fn set_menu_language(app: AppHandle, language: String) -> CommandResult<()> {
    let language = match language.as_str() {
        "de" => Language::German,
        "en" => Language::English,
        other => {
            return Err(CommandError::new(format!(
                "the menu speaks en and de, not {other:?}"
            )));
        }
    };
    app.set_menu(build(&app, language)?)?;
    Ok(())
}
