//! Long-running commands the UI can cancel: each registers its [`CancelToken`] under an id the
//! UI chose, and `cancel_job` sets it.

use std::collections::HashMap;
use std::sync::Mutex;

use quarry_engine::CancelToken;

/// The cancel tokens of running jobs, by the UI's job id.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, CancelToken>>);

impl Jobs {
    /// Registers a job; the returned guard unregisters it when the work ends.
    pub fn start(&self, id: String) -> JobGuard<'_> {
        let token = CancelToken::new();
        self.lock().insert(id.clone(), token.clone());
        JobGuard {
            jobs: self,
            id,
            token,
        }
    }

    /// Asks the job to stop; false when no such job runs (it may just have finished).
    pub fn cancel(&self, id: &str) -> bool {
        self.lock().get(id).map(CancelToken::cancel).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancelToken>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running job; dropping it unregisters the job.
pub struct JobGuard<'a> {
    jobs: &'a Jobs,
    id: String,
    pub token: CancelToken,
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        self.jobs.lock().remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_running_job_only_while_it_runs() {
        let jobs = Jobs::default();
        let guard = jobs.start("import-1".into());
        assert!(!jobs.cancel("other"));
        assert!(jobs.cancel("import-1"));
        assert!(guard.token.is_cancelled());
        drop(guard);
        assert!(!jobs.cancel("import-1"));
    }
}
