//! Column profiles against real DuckDB, checked against numbers computed independently in SQL.

use duckdb::Connection;
use quarry_engine::pii::PiiKind;
use quarry_engine::profile::{
    ColumnProfile, HistogramBin, PiiMatch, ProfileOptions, TableProfile, ValueCount, profile_table,
};
use quarry_engine::{EngineError, Workspace};

/// A workspace with the sample `sales` table, reopened through a plain DuckDB connection.
fn sales(rows: u64) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let ws = Workspace::create(dir.path()).unwrap();
        ws.load_sample(rows).unwrap();
        ws.database_path()
    };
    let conn = Connection::open(path).unwrap();
    (dir, conn)
}

fn memory(sql: &str) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap();
    conn
}

fn profile(conn: &Connection, table: &str) -> TableProfile {
    profile_table(conn, table, &ProfileOptions::default()).unwrap()
}

fn column<'a>(profile: &'a TableProfile, name: &str) -> &'a ColumnProfile {
    profile
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn count(conn: &Connection, sql: &str) -> u64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn bin_total(histogram: &[HistogramBin]) -> u64 {
    histogram.iter().map(|bin| bin.count).sum()
}

#[test]
fn sales_profile_matches_sql() {
    let (_dir, conn) = sales(10_000);
    let p = profile(&conn, "sales");
    assert_eq!(p.table, "sales");
    assert_eq!(p.row_count, 10_000);
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "order_id",
            "order_ts",
            "region",
            "country",
            "category",
            "product",
            "channel",
            "customer_id",
            "quantity",
            "unit_price",
            "discount",
            "revenue"
        ]
    );
    for c in &p.columns {
        assert_eq!((c.null_count, c.null_percent), (0, 0.0), "{}", c.name);
        assert!(c.pii.is_empty(), "{}: {:?}", c.name, c.pii);
    }

    let region = column(&p, "region");
    assert_eq!(region.sql_type, "VARCHAR");
    assert_eq!(region.approx_distinct, 8);
    assert_eq!(region.pii_sample_size, 10_000);
    assert!(region.histogram.is_none());
    let expected_top: Vec<ValueCount> = conn
        .prepare("SELECT region, count(*) FROM sales GROUP BY 1 ORDER BY 2 DESC, 1")
        .unwrap()
        .query_map([], |row| {
            Ok(ValueCount {
                value: row.get(0)?,
                count: row.get(1)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(region.top_values, expected_top);
    assert_eq!(column(&p, "channel").approx_distinct, 4);
    assert_eq!(column(&p, "category").approx_distinct, 12);
    assert_eq!(column(&p, "category").top_values.len(), 10);

    let order_id = column(&p, "order_id");
    assert_eq!(order_id.sql_type, "BIGINT");
    assert_eq!(
        (order_id.min.as_deref(), order_id.max.as_deref()),
        (Some("0"), Some("9999"))
    );
    assert!(order_id.top_values.iter().all(|v| v.count == 1));
    assert_eq!(order_id.pii_sample_size, 0);

    let order_ts = column(&p, "order_ts");
    assert_eq!(order_ts.sql_type, "TIMESTAMP");
    assert!(order_ts.histogram.is_none());
    let (min_ts, max_ts): (String, String) = conn
        .query_row(
            "SELECT min(order_ts)::VARCHAR, max(order_ts)::VARCHAR FROM sales",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(order_ts.min.as_deref(), Some(min_ts.as_str()));
    assert_eq!(order_ts.max.as_deref(), Some(max_ts.as_str()));
}

#[test]
fn numeric_histograms_match_independent_binning() {
    let (_dir, conn) = sales(10_000);
    let p = profile(&conn, "sales");

    // quantity is 1..=20: 20 bins of width 0.95 over [1, 20].
    let quantity = column(&p, "quantity");
    assert_eq!(
        (quantity.min.as_deref(), quantity.max.as_deref()),
        (Some("1"), Some("20"))
    );
    let bins = quantity.histogram.as_ref().unwrap();
    assert_eq!(bins.len(), 20);
    assert_eq!((bins[0].lower, bins[19].upper), (1.0, 20.0));
    for pair in bins.windows(2) {
        assert_eq!(pair[0].upper, pair[1].lower);
    }
    let mut expected = [0u64; 20];
    let mut stmt = conn
        .prepare("SELECT quantity, count(*) FROM sales GROUP BY 1")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        let q: i64 = row.get(0).unwrap();
        let n: u64 = row.get(1).unwrap();
        let bin = (((q - 1) as f64 / 19.0 * 20.0).floor() as usize).min(19);
        expected[bin] += n;
    }
    let actual: Vec<u64> = bins.iter().map(|b| b.count).collect();
    assert_eq!(actual, expected);

    for name in [
        "order_id",
        "customer_id",
        "unit_price",
        "discount",
        "revenue",
    ] {
        let c = column(&p, name);
        let bins = c.histogram.as_ref().unwrap();
        assert_eq!(bins.len(), 20, "{name}");
        assert_eq!(bin_total(bins), 10_000 - c.null_count, "{name}");
        assert_eq!(
            Some(bins[0].lower.to_string()),
            c.min.as_deref().map(trim_zeros),
            "{name}"
        );
    }
    let discount = column(&p, "discount");
    assert_eq!(discount.sql_type, "DECIMAL(4,2)");
    let distinct = count(&conn, "SELECT count(DISTINCT discount) FROM sales");
    assert_eq!(discount.approx_distinct, distinct);
}

/// `12.50` → `12.5`, `3.00` → `3`, as `f64::to_string` prints them.
fn trim_zeros(decimal: &str) -> String {
    if decimal.contains('.') {
        decimal
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        decimal.to_string()
    }
}

#[test]
fn text_columns_report_personal_data_by_kind() {
    let conn = memory(
        "CREATE TABLE people (contact VARCHAR, account VARCHAR, card VARCHAR, misc VARCHAR, n BIGINT);
         INSERT INTO people VALUES
           ('ada@example.com',   'DE89 3704 0044 0532 0130 00', '4111 1111 1111 1111', '1.2.3.4',         5551234567),
           ('bob@example.org',   'DE89 3704 0044 0532 0130 01', '4111 1111 1111 1112', '2024-01-02',      NULL),
           ('not an email',      'GB82WEST12345698765432',      '378282246310005',     '12345',           1),
           (NULL,                'NL91 ABNA 0417 1643 00',      '5555555555554444',    '123-45-6789',     2),
           ('carol@example.net', NULL,                          NULL,                  '+1 555 123 4567', 3),
           ('dave@example',      'hello',                       'x',                   '::1',             4);",
    );
    let p = profile(&conn, "people");
    let pii = |name: &str| column(&p, name).pii.clone();
    let matches = |pairs: &[(PiiKind, u64)]| -> Vec<PiiMatch> {
        pairs
            .iter()
            .map(|&(kind, count)| PiiMatch { kind, count })
            .collect()
    };
    assert_eq!(pii("contact"), matches(&[(PiiKind::Email, 3)]));
    assert_eq!(column(&p, "contact").pii_sample_size, 5);
    assert_eq!(pii("account"), matches(&[(PiiKind::Iban, 3)]));
    assert_eq!(pii("card"), matches(&[(PiiKind::CreditCard, 3)]));
    assert_eq!(
        pii("misc"),
        matches(&[
            (PiiKind::Phone, 1),
            (PiiKind::Ipv4, 1),
            (PiiKind::Ipv6, 1),
            (PiiKind::UsSsn, 1)
        ])
    );
    // Only text columns are checked.
    assert!(pii("n").is_empty());
    assert_eq!(column(&p, "n").pii_sample_size, 0);
}

#[test]
fn pii_checks_at_most_the_sample_size() {
    let conn = memory(
        "CREATE TABLE t AS
         SELECT CASE WHEN i % 2 = 0 THEN 'user' || i || '@example.com' ELSE 'nobody' END AS v
           FROM range(5000) r(i);",
    );
    let options = ProfileOptions {
        pii_sample_rows: 1_000,
        ..ProfileOptions::default()
    };
    let p = profile_table(&conn, "t", &options).unwrap();
    let v = column(&p, "v");
    assert_eq!(v.pii_sample_size, 1_000);
    let emails = v.pii[0].count;
    assert_eq!(v.pii[0].kind, PiiKind::Email);
    assert!((300..=700).contains(&emails), "{emails} of 1000 sampled");

    let none = ProfileOptions {
        pii_sample_rows: 0,
        ..ProfileOptions::default()
    };
    let p = profile_table(&conn, "t", &none).unwrap();
    assert!(p.columns[0].pii.is_empty());
    assert_eq!(p.columns[0].pii_sample_size, 0);
}

#[test]
fn empty_table_has_zero_counts_and_no_histogram() {
    let conn = memory("CREATE TABLE e (a INTEGER, b VARCHAR, c DOUBLE, d DECIMAL(10, 2));");
    let p = profile(&conn, "e");
    assert_eq!(p.row_count, 0);
    assert_eq!(p.columns.len(), 4);
    for c in &p.columns {
        assert_eq!(c.null_count, 0);
        assert_eq!(c.null_percent, 0.0);
        assert_eq!(c.approx_distinct, 0);
        assert_eq!((c.min.as_ref(), c.max.as_ref()), (None, None));
        assert!(c.top_values.is_empty());
        assert!(c.histogram.is_none());
        assert!(c.pii.is_empty());
    }
}

#[test]
fn all_null_columns() {
    let conn = memory(
        "CREATE TABLE n AS SELECT NULL::INTEGER AS i, NULL::VARCHAR AS s, NULL::DOUBLE AS d, 1 AS one
           FROM range(5);",
    );
    let p = profile(&conn, "n");
    assert_eq!(p.row_count, 5);
    for name in ["i", "s", "d"] {
        let c = column(&p, name);
        assert_eq!((c.null_count, c.null_percent), (5, 100.0), "{name}");
        assert_eq!(c.approx_distinct, 0);
        assert_eq!(c.min, None);
        assert_eq!(
            c.top_values,
            [ValueCount {
                value: None,
                count: 5
            }]
        );
        assert!(c.histogram.is_none());
        assert!(c.pii.is_empty());
    }
    // A constant column gets one bin holding every value.
    assert_eq!(
        column(&p, "one").histogram,
        Some(vec![HistogramBin {
            lower: 1.0,
            upper: 1.0,
            count: 5
        }])
    );
}

#[test]
fn nan_and_infinity_stay_out_of_histograms() {
    let conn = memory(
        "CREATE TABLE f (x DOUBLE, only_nan DOUBLE, wide DOUBLE, r REAL);
         INSERT INTO f VALUES
           (1, 'nan', -1.7e308, 'inf'), (2, 'nan', 1.7e308, 0.5), (3, NULL, 0, NULL),
           ('nan', NULL, NULL, NULL), ('inf', NULL, NULL, NULL), ('-inf', NULL, NULL, NULL),
           (NULL, NULL, NULL, NULL);",
    );
    let options = ProfileOptions {
        histogram_bins: 2,
        ..ProfileOptions::default()
    };
    let p = profile_table(&conn, "f", &options).unwrap();
    let x = column(&p, "x");
    assert_eq!(x.null_count, 1);
    assert_eq!(x.approx_distinct, 6);
    assert_eq!(
        (x.min.as_deref(), x.max.as_deref()),
        (Some("-inf"), Some("nan"))
    );
    assert_eq!(
        x.histogram,
        Some(vec![
            HistogramBin {
                lower: 1.0,
                upper: 2.0,
                count: 1
            },
            HistogramBin {
                lower: 2.0,
                upper: 3.0,
                count: 2
            },
        ])
    );
    assert!(column(&p, "only_nan").histogram.is_none());
    let only_nan = &column(&p, "only_nan").top_values;
    assert_eq!(
        only_nan,
        &[
            ValueCount {
                value: None,
                count: 5
            },
            ValueCount {
                value: Some("nan".into()),
                count: 2
            }
        ]
    );

    // A range wider than f64::MAX still splits in the middle.
    let wide = column(&p, "wide").histogram.clone().unwrap();
    assert_eq!(wide.iter().map(|b| b.count).collect::<Vec<_>>(), [1, 2]);
    assert_eq!((wide[0].lower, wide[1].upper), (-1.7e308, 1.7e308));
    assert!(
        wide.iter()
            .all(|b| b.lower.is_finite() && b.upper.is_finite())
    );

    let r = column(&p, "r");
    assert_eq!(r.sql_type, "FLOAT");
    assert_eq!(
        r.histogram,
        Some(vec![HistogramBin {
            lower: 0.5,
            upper: 0.5,
            count: 1
        }])
    );

    // Non-finite values serialize without trouble.
    serde_json::to_string(&p).unwrap();
}

#[test]
fn top_values_are_limited_and_ties_ordered_by_value() {
    let conn = memory(
        "CREATE TABLE t AS SELECT * FROM (VALUES ('c'), ('a'), ('b'), ('b'), (NULL), (NULL), ('d')) v(s);",
    );
    let options = ProfileOptions {
        top_values: 3,
        ..ProfileOptions::default()
    };
    let p = profile_table(&conn, "t", &options).unwrap();
    let top: Vec<(Option<&str>, u64)> = p.columns[0]
        .top_values
        .iter()
        .map(|v| (v.value.as_deref(), v.count))
        .collect();
    assert_eq!(top, [(Some("b"), 2), (None, 2), (Some("a"), 1)]);

    let none = ProfileOptions {
        top_values: 0,
        ..ProfileOptions::default()
    };
    assert!(
        profile_table(&conn, "t", &none).unwrap().columns[0]
            .top_values
            .is_empty()
    );
}

#[test]
fn names_are_quoted_and_schemas_resolved() {
    let conn = memory(
        r#"CREATE TABLE "we""ird name" ("a""b" INTEGER, "select" VARCHAR);
           INSERT INTO "we""ird name" VALUES (1, 'x'), (NULL, 'y');
           CREATE SCHEMA s;
           CREATE TABLE s.t (i INTEGER);
           INSERT INTO s.t VALUES (1), (2), (3);
           CREATE TABLE "s.t" (j INTEGER);
           CREATE TABLE "s.u" (k INTEGER);
           CREATE VIEW v AS SELECT i * 2 AS doubled FROM s.t;"#,
    );
    let p = profile(&conn, r#"we"ird name"#);
    assert_eq!(p.row_count, 2);
    assert_eq!(p.columns[0].name, r#"a"b"#);
    assert_eq!(p.columns[0].null_count, 1);
    assert_eq!(p.columns[1].name, "select");

    // A table literally named "s.t" wins over schema s, table t.
    let literal = profile(&conn, "s.t");
    assert_eq!(
        (literal.row_count, literal.columns[0].name.as_str()),
        (0, "j")
    );
    let qualified = profile(&conn, "main.s.u");
    assert_eq!(qualified.columns[0].name, "k");

    conn.execute_batch(r#"DROP TABLE "s.t""#).unwrap();
    let schema_table = profile(&conn, "s.t");
    assert_eq!(schema_table.row_count, 3);
    assert_eq!(schema_table.table, "s.t");
    // Like DuckDB's SQL, names match regardless of case.
    assert_eq!(profile(&conn, "S.T").row_count, 3);

    let view = profile(&conn, "v");
    assert_eq!(view.columns[0].max.as_deref(), Some("6"));
    assert_eq!(view.columns[0].histogram.as_deref().map(bin_total), Some(3));
}

#[test]
fn missing_tables_are_reported_by_name() {
    let conn = memory("CREATE TABLE t (i INTEGER);");
    for name in ["nope", "t; DROP TABLE t", "main.nope", "\"t\"", ""] {
        match profile_table(&conn, name, &ProfileOptions::default()) {
            Err(EngineError::Sql { message }) => {
                assert_eq!(message, format!("no table or view named {name}"));
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM t"), 0);
    assert!(profile_table(&conn, "main.t", &ProfileOptions::default()).is_ok());
}

#[test]
fn profiles_serialize_in_camel_case() {
    let conn = memory(
        "CREATE TABLE t AS SELECT 'ada@example.com' AS email, 4111111111111111::BIGINT AS n;",
    );
    let json = serde_json::to_value(profile(&conn, "t")).unwrap();
    assert_eq!(json["rowCount"], 1);
    let email = &json["columns"][0];
    for key in [
        "name",
        "sqlType",
        "nullCount",
        "nullPercent",
        "approxDistinct",
        "min",
        "max",
        "topValues",
        "histogram",
        "pii",
        "piiSampleSize",
    ] {
        assert!(email.get(key).is_some(), "missing {key}");
    }
    assert_eq!(email["pii"][0]["kind"], "email");
    assert_eq!(email["topValues"][0]["value"], "ada@example.com");
    assert_eq!(json["columns"][1]["histogram"][0]["count"], 1);

    let options: ProfileOptions = serde_json::from_str(r#"{"topValues": 3}"#).unwrap();
    assert_eq!(
        options,
        ProfileOptions {
            top_values: 3,
            ..ProfileOptions::default()
        }
    );
}
