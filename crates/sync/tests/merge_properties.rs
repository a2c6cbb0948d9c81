//! Property tests of the three-way merge over random documents and random edits (a seeded
//! generator, so a failure names the seed that reproduces it).

use quarry_sync::merge::merge;
use serde_json::{Map, Value, json};

/// xorshift64*: small, deterministic, good enough to explore shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A report-like document: nested objects, scalars, plain arrays and arrays of blocks with ids.
fn document(rng: &mut Rng, depth: usize) -> Value {
    let mut map = Map::new();
    for key in 0..2 + rng.below(4) {
        let value = match rng.below(if depth == 0 { 3 } else { 5 }) {
            0 => json!(rng.below(100)),
            1 => json!(format!("text {}", rng.below(100))),
            2 => json!([rng.below(9), rng.below(9)]),
            3 => document(rng, depth - 1),
            _ => Value::Array(
                (0..1 + rng.below(4))
                    .map(|i| {
                        let mut block = document(rng, depth - 1);
                        block["id"] = json!(format!("b{i}"));
                        block
                    })
                    .collect(),
            ),
        };
        map.insert(format!("k{key}"), value);
    }
    Value::Object(map)
}

/// Paths (as keys and block ids) to every value that can be edited independently.
fn editable_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "id" {
                    continue;
                }
                prefix.push(key.clone());
                out.push(prefix.clone());
                editable_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) if items.iter().all(|i| i.get("id").is_some()) => {
            for item in items {
                prefix.push(format!("#{}", item["id"].as_str().unwrap_or_default()));
                out.push(prefix.clone());
                editable_paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn locate<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut current = value;
    for segment in path {
        current = match segment.strip_prefix('#') {
            Some(id) => current
                .as_array_mut()?
                .iter_mut()
                .find(|item| item["id"] == id)?,
            None => current.get_mut(segment)?,
        };
    }
    Some(current)
}

/// Edits the value at `path`: replace it, delete it (keys and blocks), or add a sibling.
fn edit(doc: &mut Value, path: &[String], rng: &mut Rng, tag: &str) {
    let (parent_path, last) = path.split_at(path.len() - 1);
    let Some(parent) = locate(doc, parent_path) else {
        return;
    };
    let fresh = json!(format!("{tag}-{}", rng.next() % 1000));
    match (rng.below(4), last[0].strip_prefix('#')) {
        (0, Some(id)) => {
            if let Some(items) = parent.as_array_mut() {
                items.retain(|i| i["id"] != id);
            }
        }
        (0, None) => {
            if let Some(map) = parent.as_object_mut() {
                map.remove(&last[0]);
            }
        }
        (1, Some(_)) => {
            if let Some(items) = parent.as_array_mut() {
                let at = rng.below(items.len() + 1);
                items.insert(
                    at,
                    json!({"id": format!("{tag}-new-{}", rng.next() % 1000), "v": fresh}),
                );
            }
        }
        (1, None) => {
            if let Some(map) = parent.as_object_mut() {
                map.insert(format!("{tag}-key-{}", rng.next() % 1000), fresh);
            }
        }
        _ => {
            if let Some(target) = locate(parent, last) {
                match target {
                    Value::Object(map) => {
                        map.insert(format!("{tag}-field"), fresh);
                    }
                    other => *other = fresh,
                }
            }
        }
    }
}

/// Sorts arrays of blocks by id, so documents compare without insertion order.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(canonical).collect();
            if items.iter().all(|i| i.get("id").is_some()) {
                items.sort_by_key(|i| i["id"].to_string());
            }
            Value::Array(items)
        }
        other => other.clone(),
    }
}

fn disjoint(a: &[Vec<String>], b: &[Vec<String>]) -> bool {
    a.iter()
        .all(|p| b.iter().all(|q| !p.starts_with(q) && !q.starts_with(p)))
}

#[test]
fn edits_on_one_side_are_taken_whole() {
    for seed in 1..500 {
        let mut rng = Rng(seed);
        let base = document(&mut rng, 2);
        let mut paths = Vec::new();
        editable_paths(&base, &mut Vec::new(), &mut paths);
        let mut edited = base.clone();
        for _ in 0..3 {
            let path = &paths[rng.below(paths.len())];
            edit(&mut edited, path, &mut rng, "x");
        }
        assert_eq!(
            merge(&base, &edited, &base),
            Ok(edited.clone()),
            "seed {seed}"
        );
        assert_eq!(
            merge(&base, &base, &edited),
            Ok(edited.clone()),
            "seed {seed}"
        );
        assert_eq!(
            merge(&base, &edited, &edited),
            Ok(edited.clone()),
            "seed {seed}"
        );
    }
}

#[test]
fn non_overlapping_edits_merge_into_both() {
    let mut merged_cases = 0;
    for seed in 1..2000 {
        let mut rng = Rng(seed);
        let base = document(&mut rng, 2);
        let mut paths = Vec::new();
        editable_paths(&base, &mut Vec::new(), &mut paths);
        let pick = |rng: &mut Rng| -> Vec<Vec<String>> {
            (0..1 + rng.below(2))
                .map(|_| paths[rng.below(paths.len())].clone())
                .collect()
        };
        let (ours_paths, theirs_paths) = (pick(&mut rng), pick(&mut rng));
        if !disjoint(&ours_paths, &theirs_paths) {
            continue;
        }
        // Apply each side's edits with its own random stream, then both in one document.
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let mut both = base.clone();
        for path in &ours_paths {
            let state = rng.next();
            edit(&mut ours, path, &mut Rng(state), "ours");
            edit(&mut both, path, &mut Rng(state), "ours");
        }
        for path in &theirs_paths {
            let state = rng.next();
            edit(&mut theirs, path, &mut Rng(state), "theirs");
            edit(&mut both, path, &mut Rng(state), "theirs");
        }
        let merged = merge(&base, &ours, &theirs)
            .unwrap_or_else(|paths| panic!("seed {seed}: unexpected conflicts at {paths:?}"));
        assert_eq!(canonical(&merged), canonical(&both), "seed {seed}");
        merged_cases += 1;
    }
    assert!(
        merged_cases > 500,
        "only {merged_cases} disjoint cases were generated"
    );
}

#[test]
fn conflicts_are_symmetric_and_merges_agree() {
    let (mut clean, mut conflicting) = (0, 0);
    for seed in 1..2000 {
        let mut rng = Rng(seed);
        let base = document(&mut rng, 2);
        let mut paths = Vec::new();
        editable_paths(&base, &mut Vec::new(), &mut paths);
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        for _ in 0..2 {
            let path = paths[rng.below(paths.len())].clone();
            edit(&mut ours, &path, &mut rng, "ours");
            let path = paths[rng.below(paths.len())].clone();
            edit(&mut theirs, &path, &mut rng, "theirs");
        }
        match (merge(&base, &ours, &theirs), merge(&base, &theirs, &ours)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(canonical(&a), canonical(&b), "seed {seed}");
                clean += 1;
            }
            (Err(a), Err(b)) => {
                conflicting += 1;
                let (mut a, mut b) = (a, b);
                a.sort();
                b.sort();
                assert_eq!(a, b, "seed {seed}: the same conflicts either way");
            }
            (a, b) => panic!("seed {seed}: {a:?} but swapped {b:?}"),
        }
    }
    assert!(
        clean > 200 && conflicting > 200,
        "{clean} clean, {conflicting} conflicting cases"
    );
}
