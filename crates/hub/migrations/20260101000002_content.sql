-- Workspace content: versioned documents (reports, dashboards), comments with mentions,
-- alert and schedule definitions, dataset snapshots.

create table documents (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    workspace_id uuid not null references workspaces (id),
    kind text not null check (kind in ('report', 'dashboard')),
    title text not null,
    version integer not null,
    body jsonb not null,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_by uuid not null references users (id),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index documents_by_workspace on documents (tenant_id, workspace_id) where deleted_at is null;

-- Every accepted write of a document, in order; version 1 is the creation.
create table document_versions (
    tenant_id uuid not null references tenants (id),
    document_id uuid not null references documents (id),
    version integer not null,
    action text not null check (action in ('create', 'update', 'restore', 'delete')),
    title text not null,
    body jsonb not null,
    author uuid not null references users (id),
    created_at timestamptz not null default now(),
    primary key (document_id, version)
);

create table comments (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants (id),
    workspace_id uuid not null references workspaces (id),
    document_id uuid not null references documents (id),
    -- The thread's first comment; equal to id for the first comment itself.
    thread_id uuid not null,
    -- The report block the thread is anchored to, if any.
    block_id text,
    author uuid not null references users (id),
    body text not null,
    mentions text[] not null default '{}',
    created_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index comments_by_document on comments (tenant_id, document_id, created_at);

-- Mentions that resolved to a user of the tenant.
create table comment_mentions (
    tenant_id uuid not null references tenants (id),
    comment_id uuid not null references comments (id),
    user_id uuid not null references users (id),
    primary key (comment_id, user_id)
);
create index comment_mentions_by_user on comment_mentions (tenant_id, user_id);

-- Alert and schedule definitions: stored now, evaluated by a later release.
create table automations (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants (id),
    workspace_id uuid not null references workspaces (id),
    kind text not null check (kind in ('alert', 'schedule')),
    name text not null,
    definition jsonb not null,
    version integer not null default 1,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index automations_by_workspace on automations (tenant_id, workspace_id);

create table snapshots (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants (id),
    workspace_id uuid not null references workspaces (id),
    dataset text not null,
    status text not null check (status in ('pending', 'ready')),
    row_count bigint,
    schema jsonb,
    -- The SHA-256 the uploader promised; the upload is refused if the bytes differ.
    expected_sha256 text,
    sha256 text,
    size_bytes bigint,
    object_key text not null,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    uploaded_at timestamptz
);
create index snapshots_by_dataset on snapshots (tenant_id, workspace_id, dataset, created_at);

alter table documents enable row level security;
alter table documents force row level security;
create policy tenant_isolation on documents
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table document_versions enable row level security;
alter table document_versions force row level security;
create policy tenant_isolation on document_versions
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table comments enable row level security;
alter table comments force row level security;
create policy tenant_isolation on comments
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table comment_mentions enable row level security;
alter table comment_mentions force row level security;
create policy tenant_isolation on comment_mentions
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table automations enable row level security;
alter table automations force row level security;
create policy tenant_isolation on automations
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

alter table snapshots enable row level security;
alter table snapshots force row level security;
create policy tenant_isolation on snapshots
    using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
