//! Three-way merge of JSON documents: both sides' edits since their common base, or the paths
//! where they overlap.
//!
//! Objects merge key by key. Arrays whose elements are all objects with distinct string `id`s
//! (a report's blocks) merge element by element by id, keeping insertions from both sides; other
//! arrays merge element by element by position while both sides keep their length, and are
//! single values otherwise, as are scalars. A value changed on only one side takes that change; a
//! value changed the same way on both sides is taken once; anything else is a conflict.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

/// Merges `ours` and `theirs`, both edited from `base`. `Err` lists the JSON Pointer-like paths
/// (array elements by `id`) where both sides changed the same value differently.
pub fn merge(base: &Value, ours: &Value, theirs: &Value) -> Result<Value, Vec<String>> {
    let mut conflicts = Vec::new();
    let merged = merge_at(Some(base), Some(ours), Some(theirs), "", &mut conflicts);
    if conflicts.is_empty() {
        Ok(merged.unwrap_or(Value::Null))
    } else {
        Err(conflicts)
    }
}

/// Merges one position; `None` means absent (deleted or never there).
fn merge_at(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    path: &str,
    conflicts: &mut Vec<String>,
) -> Option<Value> {
    if ours == theirs {
        return ours.cloned();
    }
    if ours == base {
        return theirs.cloned();
    }
    if theirs == base {
        return ours.cloned();
    }
    let empty = Value::Object(Map::new());
    match (base, ours, theirs) {
        (None | Some(Value::Object(_)), Some(Value::Object(o)), Some(Value::Object(t))) => {
            let b = match base.unwrap_or(&empty) {
                Value::Object(b) => b,
                _ => return None,
            };
            Some(Value::Object(merge_objects(b, o, t, path, conflicts)))
        }
        (Some(Value::Array(b)), Some(Value::Array(o)), Some(Value::Array(t))) => {
            match (by_id(b), by_id(o), by_id(t)) {
                (Some(b), Some(o), Some(t)) => Some(merge_by_id(&b, &o, &t, path, conflicts)),
                _ if b.len() == o.len() && o.len() == t.len() => {
                    Some(merge_by_position(b, o, t, path, conflicts))
                }
                _ => conflict(ours, path, conflicts),
            }
        }
        _ => conflict(ours, path, conflicts),
    }
}

fn conflict(ours: Option<&Value>, path: &str, conflicts: &mut Vec<String>) -> Option<Value> {
    conflicts.push(if path.is_empty() {
        "/".into()
    } else {
        path.into()
    });
    ours.cloned()
}

fn merge_objects(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    path: &str,
    conflicts: &mut Vec<String>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    keys.extend(
        base.keys()
            .filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)),
    );
    let mut merged = Map::new();
    for key in keys {
        let at = format!("{path}/{}", escape(key));
        if let Some(value) = merge_at(
            base.get(key),
            ours.get(key),
            theirs.get(key),
            &at,
            conflicts,
        ) {
            merged.insert(key.clone(), value);
        }
    }
    merged
}

/// An array of objects with distinct string ids, as (id, element) in order.
type Keyed<'a> = Vec<(&'a str, &'a Value)>;

fn by_id(items: &[Value]) -> Option<Keyed<'_>> {
    let mut seen = HashSet::new();
    items
        .iter()
        .map(|item| {
            let id = item.as_object()?.get("id")?.as_str()?;
            seen.insert(id).then_some((id, item))
        })
        .collect()
}

fn merge_by_id(
    base: &Keyed,
    ours: &Keyed,
    theirs: &Keyed,
    path: &str,
    conflicts: &mut Vec<String>,
) -> Value {
    let mut merged: BTreeMap<&str, Value> = BTreeMap::new();
    let ids = ours.iter().chain(theirs).chain(base).map(|(id, _)| *id);
    for id in ids {
        if merged.contains_key(id) {
            continue;
        }
        let at = format!("{path}/{}", escape(id));
        let value = merge_at(
            find(base, id),
            find(ours, id),
            find(theirs, id),
            &at,
            conflicts,
        );
        merged.insert(id, value.unwrap_or(Value::Null));
    }
    let kept = |id: &str| merged.get(id).is_some_and(|v| !v.is_null());
    // The order of the side that reordered its common elements (ours when neither or both did).
    let in_all = |id: &str| {
        [base, ours, theirs]
            .iter()
            .all(|side| find(side, id).is_some())
    };
    let common_order = |side: &Keyed<'_>| -> Vec<String> {
        side.iter()
            .map(|(id, _)| id.to_string())
            .filter(|id| in_all(id))
            .collect()
    };
    let (b, o, t) = (common_order(base), common_order(ours), common_order(theirs));
    if o != b && t != b && o != t {
        conflicts.push(format!("{path}/(order)"));
    }
    let (first, second) = if o == b && t != b {
        (theirs, ours)
    } else {
        (ours, theirs)
    };
    let mut order: Vec<&str> = first
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| kept(id))
        .collect();
    for (index, (id, _)) in second.iter().enumerate() {
        if order.contains(id) || !kept(id) || find(base, id).is_some() {
            continue;
        }
        // Insert after the nearest earlier element of `second` that is already placed.
        let after = second[..index]
            .iter()
            .rev()
            .find_map(|(prev, _)| order.iter().position(|o| o == prev));
        order.insert(after.map_or(0, |p| p + 1), id);
    }
    // Elements kept only by the base order (deleted on neither side but absent from `first`)
    // cannot exist: anything kept is in ours or theirs, and `first` is one of them.
    Value::Array(
        order
            .into_iter()
            .filter_map(|id| merged.remove(id))
            .collect(),
    )
}

/// Arrays that kept their length on both sides (a report's pages, blocks without ids): element
/// by element, so edits to different elements both apply and a conflict names the element.
fn merge_by_position(
    base: &[Value],
    ours: &[Value],
    theirs: &[Value],
    path: &str,
    conflicts: &mut Vec<String>,
) -> Value {
    let merged = base
        .iter()
        .zip(ours)
        .zip(theirs)
        .enumerate()
        .map(|(i, ((b, o), t))| {
            merge_at(Some(b), Some(o), Some(t), &format!("{path}/{i}"), conflicts)
                .unwrap_or(Value::Null)
        });
    Value::Array(merged.collect())
}

fn find<'a>(list: &[(&'a str, &'a Value)], id: &str) -> Option<&'a Value> {
    list.iter().find(|(i, _)| *i == id).map(|(_, v)| *v)
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn edits_to_different_keys_both_apply() {
        let base = json!({"title": "Q1", "params": {"region": "EU", "year": 2025}});
        let ours = json!({"title": "Q1 sales", "params": {"region": "EU", "year": 2025}});
        let theirs =
            json!({"title": "Q1", "params": {"region": "EU", "year": 2026}, "theme": "dark"});
        assert_eq!(
            merge(&base, &ours, &theirs),
            Ok(
                json!({"title": "Q1 sales", "params": {"region": "EU", "year": 2026}, "theme": "dark"})
            )
        );
    }

    #[test]
    fn the_same_value_changed_differently_is_a_conflict() {
        let base = json!({"title": "Q1", "n": 1});
        let conflicts = merge(
            &base,
            &json!({"title": "A", "n": 1}),
            &json!({"title": "B", "n": 2}),
        );
        assert_eq!(conflicts, Err(vec!["/title".to_string()]));
        let same = merge(
            &base,
            &json!({"title": "A", "n": 1}),
            &json!({"title": "A", "n": 1}),
        );
        assert_eq!(same, Ok(json!({"title": "A", "n": 1})));
    }

    #[test]
    fn blocks_merge_by_id() {
        let base = json!({"blocks": [{"id": "a", "sql": "1"}, {"id": "b", "sql": "2"}]});
        let ours =
            json!({"blocks": [{"id": "a", "sql": "10"}, {"id": "b", "sql": "2"}, {"id": "c"}]});
        let theirs =
            json!({"blocks": [{"id": "x"}, {"id": "a", "sql": "1"}, {"id": "b", "sql": "20"}]});
        assert_eq!(
            merge(&base, &ours, &theirs),
            Ok(
                json!({"blocks": [{"id": "x"}, {"id": "a", "sql": "10"}, {"id": "b", "sql": "20"}, {"id": "c"}]})
            )
        );
        let deleted = json!({"blocks": [{"id": "b", "sql": "2"}]});
        let edited = json!({"blocks": [{"id": "a", "sql": "99"}, {"id": "b", "sql": "2"}]});
        assert_eq!(
            merge(&base, &deleted, &edited),
            Err(vec!["/blocks/a".to_string()])
        );
        let untouched = base.clone();
        assert_eq!(merge(&base, &deleted, &untouched), Ok(deleted.clone()));
    }

    #[test]
    fn plain_arrays_are_single_values() {
        let base = json!({"xs": [1, 2]});
        assert_eq!(
            merge(&base, &json!({"xs": [1, 2, 3]}), &base),
            Ok(json!({"xs": [1, 2, 3]}))
        );
        assert_eq!(
            merge(&base, &json!({"xs": [1]}), &json!({"xs": [2]})),
            Err(vec!["/xs".to_string()])
        );
    }

    #[test]
    fn arrays_of_the_same_length_merge_by_position() {
        let base = json!({"pages": [{"blocks": [{"md": "a"}, {"md": "b"}]}]});
        let ours = json!({"pages": [{"blocks": [{"md": "a2"}, {"md": "b"}]}]});
        let theirs = json!({"pages": [{"blocks": [{"md": "a"}, {"md": "b3"}]}]});
        assert_eq!(
            merge(&base, &ours, &theirs),
            Ok(json!({"pages": [{"blocks": [{"md": "a2"}, {"md": "b3"}]}]}))
        );
        let clash = json!({"pages": [{"blocks": [{"md": "a3"}, {"md": "b"}]}]});
        assert_eq!(
            merge(&base, &ours, &clash),
            Err(vec!["/pages/0/blocks/0/md".to_string()])
        );
    }

    #[test]
    fn deleting_a_key_the_other_side_edited_is_a_conflict() {
        let base = json!({"a": 1, "b": 1});
        assert_eq!(
            merge(&base, &json!({"b": 1}), &json!({"a": 2, "b": 1})),
            Err(vec!["/a".into()])
        );
        assert_eq!(
            merge(&base, &json!({"b": 1}), &json!({"a": 1, "b": 2})),
            Ok(json!({"b": 2}))
        );
    }
}
