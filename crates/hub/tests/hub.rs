//! quarry-hub against real components: an ephemeral PostgreSQL cluster and a real OpenID
//! provider (see tests/support). One binary, so one cluster and one provider per run.

mod scenarios;
mod support;
