-- The change feed, the audit log and idempotency keys.

create table changes (
    tenant_id uuid not null references tenants (id),
    seq bigint not null,
    workspace_id uuid,
    entity text not null,
    entity_id uuid not null,
    action text not null,
    version integer,
    actor uuid not null references users (id),
    at timestamptz not null default now(),
    primary key (tenant_id, seq)
);

create table audit_log (
    id bigint generated always as identity primary key,
    tenant_id uuid not null references tenants (id),
    at timestamptz not null default now(),
    actor uuid references users (id),
    actor_subject text not null,
    action text not null,
    target_type text not null,
    target_id text,
    workspace_id uuid,
    remote_addr text not null,
    user_agent text,
    details jsonb not null default '{}'
);
create index audit_log_by_tenant on audit_log (tenant_id, id);

-- One row per applied write that carried an Idempotency-Key: a replay answers this response.
create table idempotency_keys (
    tenant_id uuid not null references tenants (id),
    user_id uuid not null references users (id),
    key text not null,
    fingerprint text not null,
    status smallint not null,
    etag text,
    location text,
    body jsonb not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, user_id, key)
);
create index idempotency_keys_by_age on idempotency_keys (tenant_id, created_at);

alter table changes enable row level security;
alter table changes force row level security;
create policy tenant_isolation on changes
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy tenant_isolation on audit_log
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy tenant_isolation on idempotency_keys
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
