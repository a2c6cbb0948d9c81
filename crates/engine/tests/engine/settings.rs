//! Engine settings: stored in the workspace, applied to DuckDB, and refused when wrong.

use std::fs;

use quarry_engine::{EngineError, QueryOptions, Workspace, WorkspaceSettings};

fn setting(workspace: &Workspace, name: &str) -> String {
    let sql = format!("SELECT current_setting('{name}')::VARCHAR");
    let options = QueryOptions {
        use_cache: false,
        ..QueryOptions::default()
    };
    let result = workspace.query(&sql, &options).expect(&sql);
    result.rows[0][0].to_string()
}

#[test]
fn settings_survive_reopening_and_reach_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws");
    let spill = dir.path().join("spill");
    let chosen = WorkspaceSettings {
        memory_limit: Some("1GiB".into()),
        threads: Some(1),
        temp_directory: Some(spill.clone()),
    };
    Workspace::create(&path)
        .unwrap()
        .set_settings(&chosen)
        .unwrap();
    let reopened = Workspace::open(&path).unwrap();
    assert_eq!(reopened.settings().unwrap(), chosen);
    assert_eq!(setting(&reopened, "threads"), "1");
    assert_eq!(setting(&reopened, "memory_limit"), "1.0 GiB");
    assert_eq!(
        setting(&reopened, "temp_directory"),
        spill.to_string_lossy()
    );
}

#[test]
fn an_unset_setting_goes_back_to_duckdbs_default() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path().join("ws")).unwrap();
    let default_threads = setting(&workspace, "threads");
    let default_memory = setting(&workspace, "memory_limit");
    let spill = dir.path().join("ws").join(".tmp");
    assert_eq!(
        setting(&workspace, "temp_directory"),
        spill.to_string_lossy()
    );
    workspace
        .set_settings(&WorkspaceSettings {
            memory_limit: Some("300MB".into()),
            threads: Some(7),
            temp_directory: Some(dir.path().join("elsewhere")),
        })
        .unwrap();
    assert_eq!(setting(&workspace, "threads"), "7");
    workspace
        .set_settings(&WorkspaceSettings::default())
        .unwrap();
    assert_eq!(setting(&workspace, "threads"), default_threads);
    assert_eq!(setting(&workspace, "memory_limit"), default_memory);
    assert_eq!(
        setting(&workspace, "temp_directory"),
        spill.to_string_lossy()
    );
    assert_eq!(workspace.settings().unwrap(), WorkspaceSettings::default());
}

#[test]
fn a_sort_larger_than_the_memory_limit_spills_into_the_chosen_directory() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path().join("ws")).unwrap();
    let spill = dir.path().join("spill");
    workspace
        .set_settings(&WorkspaceSettings {
            memory_limit: Some("64MB".into()),
            threads: Some(1),
            temp_directory: Some(spill.clone()),
        })
        .unwrap();
    assert!(!spill.exists());
    let sql = "SELECT count(*), max(s) FROM (
                 SELECT i, repeat(md5(i::VARCHAR), 4) AS s FROM range(1000000) t(i) ORDER BY s
               )";
    let result = workspace.query(sql, &QueryOptions::default()).unwrap();
    assert_eq!(result.rows[0][0].to_string(), "1000000");
    assert!(spill.is_dir(), "DuckDB spilled elsewhere");

    let moved = WorkspaceSettings {
        temp_directory: Some(dir.path().join("moved")),
        ..workspace.settings().unwrap()
    };
    let error = workspace.set_settings(&moved).unwrap_err();
    assert!(
        matches!(error, EngineError::SpillDirectoryInUse(ref used) if *used == spill),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("when the workspace is opened again")
    );
    drop(workspace);
    let reopened = Workspace::open(dir.path().join("ws")).unwrap();
    assert_eq!(reopened.settings().unwrap(), moved);
    let moved_dir = dir.path().join("moved");
    assert_eq!(
        setting(&reopened, "temp_directory"),
        moved_dir.to_string_lossy()
    );
}

#[test]
fn wrong_values_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::create(dir.path().join("ws")).unwrap();
    let kept = WorkspaceSettings {
        threads: Some(1),
        ..WorkspaceSettings::default()
    };
    workspace.set_settings(&kept).unwrap();
    let a_file = dir.path().join("notes.txt");
    fs::write(&a_file, "not a folder").unwrap();
    let wrong = [
        WorkspaceSettings {
            memory_limit: Some("lots".into()),
            ..WorkspaceSettings::default()
        },
        WorkspaceSettings {
            threads: Some(0),
            ..WorkspaceSettings::default()
        },
        WorkspaceSettings {
            temp_directory: Some("relative/spill".into()),
            ..WorkspaceSettings::default()
        },
        WorkspaceSettings {
            temp_directory: Some(a_file),
            ..WorkspaceSettings::default()
        },
    ];
    for settings in wrong {
        let error = workspace.set_settings(&settings).unwrap_err();
        assert!(
            matches!(error, EngineError::InvalidSetting { .. }),
            "{settings:?}: {error}"
        );
        assert_eq!(workspace.settings().unwrap(), kept);
        assert_eq!(setting(&workspace, "threads"), "1");
    }
}
