-- Tenants, users, workspaces and memberships, with row-level security: every tenant-owned
-- row is visible only inside a transaction that ran set_config('app.tenant', <id>, true).

-- The tenant of the current transaction, or NULL outside one.
create function app_tenant() returns uuid
language sql stable
as $$ select nullif(current_setting('app.tenant', true), '')::uuid $$;

-- Tenants are looked up by the token's tenant claim before any tenant is set: not under RLS.
create table tenants (
    id uuid primary key default gen_random_uuid(),
    key text not null unique,
    -- The change feed's sequence: bumped (row-locked) by every write, so feed order is commit order.
    change_seq bigint not null default 0,
    created_at timestamptz not null default now()
);

create table users (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants (id),
    subject text not null,
    username text not null,
    display_name text,
    email text,
    created_at timestamptz not null default now(),
    unique (tenant_id, subject)
);
create index users_by_username on users (tenant_id, lower(username));

create table workspaces (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants (id),
    name text not null,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    -- Deleted workspaces keep their rows (memberships keep the change feed's deletes visible).
    deleted_at timestamptz
);
create index workspaces_by_tenant on workspaces (tenant_id) where deleted_at is null;

create table workspace_members (
    tenant_id uuid not null references tenants (id),
    workspace_id uuid not null references workspaces (id),
    user_id uuid not null references users (id),
    role text not null check (role in ('admin', 'owner', 'member')),
    added_at timestamptz not null default now(),
    primary key (workspace_id, user_id)
);
create index workspace_members_by_user on workspace_members (tenant_id, user_id);

alter table users enable row level security;
alter table users force row level security;
create policy tenant_isolation on users
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table workspaces enable row level security;
alter table workspaces force row level security;
create policy tenant_isolation on workspaces
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table workspace_members enable row level security;
alter table workspace_members force row level security;
create policy tenant_isolation on workspace_members
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
