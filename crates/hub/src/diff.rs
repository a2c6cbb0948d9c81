//! The difference between two JSON documents as a list of JSON Patch (RFC 6902) operations,
//! each also carrying the value it replaces or removes.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// One operation; applied in order they turn the old document into the new one.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct DiffOp {
    /// `add`, `remove` or `replace`.
    pub op: &'static str,
    /// A JSON Pointer (RFC 6901) into the document.
    pub path: String,
    /// The new value (`add`, `replace`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub value: Option<Value>,
    /// The old value (`remove`, `replace`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub old: Option<Value>,
}

/// The operations that turn `old` into `new`: objects are compared key by key (in key order),
/// arrays position by position (extra elements are added or removed at the end).
pub fn diff(old: &Value, new: &Value) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    walk(old, new, &mut String::new(), &mut ops);
    ops
}

fn walk(old: &Value, new: &Value, path: &mut String, ops: &mut Vec<DiffOp>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            // Sorted keys: the same output whatever order the maps keep.
            let mut keys: Vec<&String> = a
                .keys()
                .chain(b.keys().filter(|k| !a.contains_key(*k)))
                .collect();
            keys.sort();
            for key in keys {
                let len = push(path, key);
                match (a.get(key), b.get(key)) {
                    (Some(old_value), Some(new_value)) => walk(old_value, new_value, path, ops),
                    (Some(old_value), None) => ops.push(remove(path, old_value)),
                    (None, Some(new_value)) => ops.push(add(path, new_value)),
                    (None, None) => {}
                }
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (old_item, new_item)) in a.iter().zip(b).enumerate() {
                let len = push(path, &i.to_string());
                walk(old_item, new_item, path, ops);
                path.truncate(len);
            }
            // Remove from the end backwards, so each index is valid when applied.
            for i in (b.len()..a.len()).rev() {
                let len = push(path, &i.to_string());
                ops.push(remove(path, &a[i]));
                path.truncate(len);
            }
            for (i, item) in b.iter().enumerate().skip(a.len()) {
                let len = push(path, &i.to_string());
                ops.push(add(path, item));
                path.truncate(len);
            }
        }
        _ if old == new => {}
        _ => ops.push(DiffOp {
            op: "replace",
            path: path.clone(),
            value: Some(new.clone()),
            old: Some(old.clone()),
        }),
    }
}

/// Appends one escaped pointer segment and returns the length to truncate back to.
fn push(path: &mut String, segment: &str) -> usize {
    let len = path.len();
    path.push('/');
    path.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    len
}

fn add(path: &str, value: &Value) -> DiffOp {
    DiffOp {
        op: "add",
        path: path.to_string(),
        value: Some(value.clone()),
        old: None,
    }
}

fn remove(path: &str, old: &Value) -> DiffOp {
    DiffOp {
        op: "remove",
        path: path.to_string(),
        value: None,
        old: Some(old.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Applies `ops` the way RFC 6902 does, to check that they really lead from old to new.
    fn apply(mut doc: Value, ops: &[DiffOp]) -> Value {
        for op in ops {
            let (parent, last) = op.path.rsplit_once('/').expect("non-root path");
            let last = last.replace("~1", "/").replace("~0", "~");
            let target = doc.pointer_mut(parent).expect("parent exists");
            match (op.op, target) {
                ("replace", t) => *t.get_mut_by(&last) = op.value.clone().expect("value"),
                ("add", Value::Object(m)) => {
                    m.insert(last, op.value.clone().expect("value"));
                }
                ("add", Value::Array(a)) => a.insert(
                    last.parse().expect("index"),
                    op.value.clone().expect("value"),
                ),
                ("remove", Value::Object(m)) => {
                    m.remove(&last);
                }
                ("remove", Value::Array(a)) => {
                    a.remove(last.parse().expect("index"));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        doc
    }

    trait GetMutBy {
        fn get_mut_by(&mut self, key: &str) -> &mut Value;
    }

    impl GetMutBy for Value {
        fn get_mut_by(&mut self, key: &str) -> &mut Value {
            match self {
                Value::Array(a) => &mut a[key.parse::<usize>().expect("index")],
                other => other.get_mut(key).expect("key"),
            }
        }
    }

    #[test]
    fn identical_documents_have_no_difference() {
        let doc = json!({"a": [1, {"b": null}], "c": "x"});
        assert!(diff(&doc, &doc).is_empty());
    }

    #[test]
    fn changes_are_located_by_json_pointer() {
        let old = json!({"title": "Q1", "blocks": [{"id": "b1", "sql": "select 1"}], "a/b": 1});
        let new = json!({"title": "Q2", "blocks": [{"id": "b1", "sql": "select 2"}, {"id": "b2"}], "tags": ["x"]});
        let ops = diff(&old, &new);
        assert_eq!(
            ops.iter()
                .map(|o| (o.op, o.path.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("remove", "/a~1b"),
                ("replace", "/blocks/0/sql"),
                ("add", "/blocks/1"),
                ("add", "/tags"),
                ("replace", "/title"),
            ]
        );
        assert_eq!(ops[4].old, Some(json!("Q1")));
        assert_eq!(apply(old, &ops), new);
    }

    #[test]
    fn shrinking_arrays_remove_from_the_end() {
        let old = json!({"xs": [1, 2, 3, 4]});
        let new = json!({"xs": [1, 5]});
        let ops = diff(&old, &new);
        assert_eq!(apply(old, &ops), new);
        assert_eq!(ops.last().map(|o| o.path.as_str()), Some("/xs/2"));
    }

    #[test]
    fn a_changed_type_is_one_replace() {
        let ops = diff(&json!({"v": [1]}), &json!({"v": {"k": 1}}));
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].op, "replace");
        assert_eq!(ops[0].path, "/v");
    }
}
