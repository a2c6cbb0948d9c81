//! Tenant isolation and workspace roles.

use reqwest::StatusCode;
use serde_json::json;
use sqlx::Connection;

use crate::support::TestHub;

#[tokio::test]
async fn other_tenants_ids_are_404() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Acme finance").await;
    let report = alice.report(&workspace, json!({"blocks": []})).await;
    let ws = format!("/workspaces/{workspace}");
    let doc = format!("{ws}/documents/{report}");

    for login in ["mallory@globex", "ada@globex"] {
        let outsider = hub.user(login).await;
        for path in [
            ws.clone(),
            format!("{ws}/members"),
            format!("{ws}/documents"),
            doc.clone(),
            format!("{doc}/versions"),
            format!("{doc}/versions/1"),
            format!("{doc}/diff?from=1&to=1"),
            format!("{doc}/comments"),
            format!("{ws}/automations"),
            format!("{ws}/snapshots"),
        ] {
            let reply = outsider.get(&path).await;
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{login} GET {path}: {}",
                reply.body
            );
        }
        let update = outsider
            .send(
                outsider
                    .request(reqwest::Method::PUT, &doc)
                    .header("if-match", "\"1\"")
                    .json(&json!({"title": "pwned", "body": {}})),
            )
            .await;
        assert_eq!(update.status, StatusCode::NOT_FOUND, "{login}");
        let comment = outsider
            .post(&format!("{doc}/comments"), &json!({"body": "hi"}))
            .await;
        assert_eq!(comment.status, StatusCode::NOT_FOUND, "{login}");
        assert_eq!(
            outsider.delete(&ws).await.status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
        let listed = outsider.get("/workspaces").await;
        assert_eq!(listed.body, json!([]), "{login} sees no Acme workspace");
    }
    // Nothing was changed.
    let doc_now = alice.get(&doc).await;
    assert_eq!(doc_now.body["version"], 1);
    assert_eq!(doc_now.body["title"], "Report");
}

#[tokio::test]
async fn members_cannot_delete_a_workspace_but_owners_and_admins_can() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let bob = hub.user("bob@acme").await;
    let carol = hub.user("carol@acme").await;
    let ada = hub.user("ada@acme").await;
    bob.get("/me").await;
    let workspace = alice.workspace("Shared").await;
    let ws = format!("/workspaces/{workspace}");
    alice.add_member(&workspace, "bob", "member").await;

    let listed = bob.get("/workspaces").await;
    assert_eq!(listed.body[0]["role"], "member");
    let report = bob.report(&workspace, json!({"by": "bob"})).await;
    assert_eq!(
        alice.get(&format!("{ws}/documents/{report}")).await.status,
        StatusCode::OK
    );

    let denied = bob.delete(&ws).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
    assert!(denied.str("detail").contains("Owner"), "{}", denied.body);
    let grant = bob
        .put(
            &format!("{ws}/members"),
            &json!({"user": "bob", "role": "owner"}),
        )
        .await;
    assert_eq!(
        grant.status,
        StatusCode::FORBIDDEN,
        "a Member cannot promote themselves"
    );

    // Not a member: the workspace does not exist for carol.
    assert_eq!(carol.get(&ws).await.status, StatusCode::NOT_FOUND);
    assert_eq!(carol.delete(&ws).await.status, StatusCode::NOT_FOUND);

    // The last Owner stays.
    let members = alice.get(&format!("{ws}/members")).await;
    let alice_id = members
        .body
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["username"] == "alice")
        .expect("alice")["user_id"]
        .as_str()
        .expect("id")
        .to_string();
    let orphan = alice.delete(&format!("{ws}/members/{alice_id}")).await;
    assert_eq!(orphan.status, StatusCode::CONFLICT, "{}", orphan.body);

    // A tenant Admin sees and may delete every workspace.
    let admin_view = ada.get(&ws).await;
    assert_eq!(admin_view.body["role"], "admin");
    let second = alice.workspace("Second").await;
    assert_eq!(
        ada.delete(&format!("/workspaces/{second}")).await.status,
        StatusCode::NO_CONTENT
    );

    assert_eq!(alice.delete(&ws).await.status, StatusCode::NO_CONTENT);
    assert_eq!(alice.get(&ws).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        bob.get(&format!("{ws}/documents/{report}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn row_level_security_hides_other_tenants_rows_from_the_hubs_role() {
    let hub = TestHub::start().await;
    let alice = hub.user("alice@acme").await;
    let workspace = alice.workspace("Acme").await;
    alice.report(&workspace, json!({})).await;
    hub.user("mallory@globex").await.get("/me").await;

    // The hub's own role, straight into the database, past the hub's query filters.
    let mut conn = sqlx::PgConnection::connect(&hub.database_url)
        .await
        .expect("connect");
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
    assert_eq!(
        count("select count(*) from documents")
            .fetch_one(&mut conn)
            .await
            .expect("q"),
        0
    );
    let mut tx = conn.begin().await.expect("begin");
    sqlx::query("select set_config('app.tenant', (select id::text from tenants where key = 'globex'), true)")
        .execute(&mut *tx).await.expect("set tenant");
    assert_eq!(
        count("select count(*) from documents")
            .fetch_one(&mut *tx)
            .await
            .expect("q"),
        0
    );
    assert_eq!(
        count("select count(*) from workspaces")
            .fetch_one(&mut *tx)
            .await
            .expect("q"),
        0
    );
    let forged = sqlx::query(
        "insert into workspaces (tenant_id, name, created_by)
         select t.id, 'intruder', u.id from tenants t, users u where t.key = 'acme' limit 1",
    )
    .execute(&mut *tx)
    .await;
    assert!(forged.is_err(), "writing another tenant's rows must fail");
    tx.rollback().await.expect("rollback");

    let mut tx = conn.begin().await.expect("begin");
    sqlx::query(
        "select set_config('app.tenant', (select id::text from tenants where key = 'acme'), true)",
    )
    .execute(&mut *tx)
    .await
    .expect("set tenant");
    assert_eq!(
        count("select count(*) from documents")
            .fetch_one(&mut *tx)
            .await
            .expect("q"),
        1
    );
}

#[tokio::test]
async fn a_first_request_that_waits_on_its_tenant_being_created_succeeds() {
    let hub = TestHub::start().await;
    let user = hub.user("user@initech").await;
    // Another request is creating the tenant: its row is inserted but not yet committed.
    let mut other = sqlx::PgConnection::connect(&hub.database_url)
        .await
        .expect("connect");
    let mut creating = other.begin().await.expect("begin");
    sqlx::query("insert into tenants (key) values ('initech')")
        .execute(&mut *creating)
        .await
        .expect("insert the tenant");
    let request = tokio::spawn(async move { user.get("/workspaces").await });
    // The request's insert now waits on that row; once it commits, the request must find it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    creating.commit().await.expect("commit");
    let reply = request.await.expect("the request task");
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}
